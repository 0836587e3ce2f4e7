package dev.sluice.gateway.testkit;

import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link FakeGateway} on its own: {@code java -jar gateway-testkit-<version>-standalone.jar
 * [--port N] [--token T] [--heartbeat-ms N] [--shards N] [--max-concurrency N] [--split-frames N]
 * [--fragment-frames N]}. Prints the URLs, then serves until the process is stopped.
 */
public final class FakeGatewayMain {

  private FakeGatewayMain() {}

  public static void main(String[] args) throws InterruptedException {
    FakeGatewayBuilder builder = FakeGateway.builder();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        usage("missing value for " + arg);
      }
      i++;
      switch (arg) {
        case "--port" -> builder.port(Integer.parseInt(value));
        case "--token" -> builder.token(value);
        case "--heartbeat-ms" ->
            builder.heartbeatInterval(java.time.Duration.ofMillis(Long.parseLong(value)));
        case "--shards" -> builder.shards(Integer.parseInt(value));
        case "--max-concurrency" -> builder.maxConcurrency(Integer.parseInt(value));
        case "--split-frames" -> builder.splitFrames(Integer.parseInt(value));
        case "--fragment-frames" -> builder.fragmentFrames(Integer.parseInt(value));
        default -> usage("unknown option " + arg);
      }
    }
    FakeGateway gateway = builder.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gateway.close();
                  stopped.countDown();
                }));
    System.out.println("fake gateway listening");
    System.out.println("  gateway  " + gateway.url());
    System.out.println("  api      " + gateway.apiUrl());
    System.out.println("  control  http://127.0.0.1:" + gateway.port() + "/control/");
    System.out.flush();
    stopped.await();
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println(
        "usage: java -jar gateway-testkit-standalone.jar [--port N] [--token T] [--heartbeat-ms N]"
            + " [--shards N] [--max-concurrency N] [--split-frames N] [--fragment-frames N]");
    System.exit(64);
  }
}
