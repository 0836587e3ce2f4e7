package dev.sluice.benchmarks.e2e;

import java.util.Locale;

/**
 * One measured client in its own JVM: {@code ClientMain <client> <plain|zlib|zstd> <gatewayUrl>
 * <apiUrl> <warmupMark> <endMark>}. The marks are counts in the unit the client counts (see {@link
 * Client#unit()}). Prints one {@code RESULT} line with the CPU and wall time between the marks.
 */
public final class ClientMain {

  /** What a client counts to find the marks. */
  enum Unit {
    FRAMES,
    DISPATCHES,
    MESSAGE_CREATES,
    MARKERS
  }

  /** A client under test; {@link #start} connects and feeds the probe, returning at once. */
  interface Client {
    Unit unit();

    void start(String gatewayUrl, String apiUrl, Wire wire, Probe probe) throws Exception;
  }

  private ClientMain() {}

  static Client client(String name) {
    return switch (name) {
      case "sluice-raw" -> new SluiceClients.Raw();
      case "sluice-raw-metrics" -> new SluiceClients.RawWithMetrics();
      case "sluice-events" -> new SluiceClients.AllTyped();
      case "sluice-typed" -> new SluiceClients.MessagesOnly();
      case "discord4j" -> new Discord4jClient();
      case "jda" -> new JdaClient();
      case "floor-frames" -> new FloorClient(FloorClient.Work.FRAMES);
      case "floor-inflate" -> new FloorClient(FloorClient.Work.INFLATE);
      case "floor-inflate-once" -> new FloorClient(FloorClient.Work.INFLATE_ONE_CALL);
      case "floor-inflate-copy" -> new FloorClient(FloorClient.Work.INFLATE_COPY);
      case "floor-tree" -> new FloorClient(FloorClient.Work.TREE);
      default -> throw new IllegalArgumentException("unknown client " + name);
    };
  }

  public static void main(String[] args) throws Exception {
    String name = args[0];
    Wire wire = Wire.of(args[1]);
    Client client = client(name);
    Probe probe = new Probe(Long.parseLong(args[4]), Long.parseLong(args[5]), args[3]);
    client.start(args[2], args[3], wire, probe);
    if (!probe.await(300)) {
      System.out.println("FAILED " + name + " saw " + probe.count() + " of " + args[5]);
      System.exit(1);
    }
    System.out.println(
        String.format(
            Locale.ROOT, "RESULT cpuNs=%d wallNs=%d", probe.cpuNanos(), probe.wallNanos()));
    System.out.flush();
    // The measurement is over: exit without closing the client (a recording, if any, is written by
    // the exit hooks; a hook that hangs is cut short).
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(10_000);
              } catch (InterruptedException e) {
                return;
              }
              Runtime.getRuntime().halt(0);
            });
    watchdog.setDaemon(true);
    watchdog.start();
    System.exit(0);
  }
}
