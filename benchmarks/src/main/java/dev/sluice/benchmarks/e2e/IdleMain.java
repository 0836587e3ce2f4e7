package dev.sluice.benchmarks.e2e;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.reactor.GatewayState;
import dev.sluice.gateway.reactor.ShardGroup;
import discord4j.common.JacksonResources;
import discord4j.common.retry.ReconnectOptions;
import discord4j.discordjson.json.gateway.Ready;
import discord4j.gateway.DefaultGatewayClient;
import discord4j.gateway.GatewayObserver;
import discord4j.gateway.GatewayOptions;
import discord4j.gateway.GatewayReactorResources;
import discord4j.gateway.IdentifyOptions;
import discord4j.gateway.intent.IntentSet;
import discord4j.gateway.payload.JacksonPayloadReader;
import discord4j.gateway.payload.JacksonPayloadWriter;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;

/**
 * Idle cost of one client in its own JVM: {@code IdleMain <sluice|discord4j|jda> <low> <high>
 * <gatewayUrl> <apiUrl>} connects {@code low} shards with the client's defaults, waits until they
 * are READY and a few seconds more, collects garbage and reads heap used, RSS, live threads and
 * direct memory; then connects the rest up to {@code high} and reads them again. Prints one {@code
 * IDLE} line with both readings.
 */
public final class IdleMain {

  private IdleMain() {}

  public static void main(String[] args) throws Exception {
    String client = args[0];
    int low = Integer.parseInt(args[1]);
    int high = Integer.parseInt(args[2]);
    String gatewayUrl = args[3];
    String apiUrl = args[4];
    // The same JVM measures both counts: class loading and JIT are paid before the first reading,
    // so the difference is what the extra shards cost.
    start(client, 0, low, high, gatewayUrl, apiUrl);
    String first = footprint();
    start(client, low, high, high, gatewayUrl, apiUrl);
    String second = footprint();
    System.out.println("IDLE " + first + " " + second);
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }

  private static void start(
      String client, int from, int to, int total, String gatewayUrl, String apiUrl)
      throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(to - from);
    switch (client) {
      case "sluice" -> sluice(from, to, total, apiUrl, ready);
      case "discord4j" -> discord4j(from, to, total, gatewayUrl, ready);
      case "jda" -> jda(from, to, total, gatewayUrl, apiUrl, ready);
      default -> throw new IllegalArgumentException(client);
    }
    if (!ready.await(180, TimeUnit.SECONDS)) {
      System.out.println("FAILED " + ready.getCount() + " of " + (to - from) + " shards not ready");
      System.exit(1);
    }
  }

  private static String footprint() throws Exception {
    Thread.sleep(5_000);
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(500);
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long threads = ManagementFactory.getThreadMXBean().getThreadCount();
    return String.format(
        Locale.ROOT, "heap=%d rss=%d threads=%d direct=%d", heap, rss(), threads, directMemory());
  }

  private static void sluice(int from, int to, int total, String apiUrl, CountDownLatch ready) {
    List<Integer> ids = new ArrayList<>();
    for (int id = from; id < to; id++) {
      ids.add(id);
    }
    ShardGroup group =
        ShardGroup.builder(BotToken.of(BenchServer.TOKEN))
            .apiUrl(apiUrl)
            .shardIds(ids, total)
            .build();
    var seen = ConcurrentHashMap.<Integer>newKeySet();
    group
        .states()
        .filter(s -> s.state() instanceof GatewayState.Ready)
        .subscribe(
            s -> {
              if (seen.add(s.shard().id())) {
                ready.countDown();
              }
            });
    group.connect().subscribe();
  }

  private static final JacksonResources JACKSON = JacksonResources.create();
  private static final GatewayReactorResources RESOURCES = GatewayReactorResources.create();

  private static void discord4j(
      int from, int to, int shards, String gatewayUrl, CountDownLatch ready) {
    JacksonResources jackson = JACKSON;
    GatewayReactorResources resources = RESOURCES;
    for (int shard = from; shard < to; shard++) {
      GatewayOptions options =
          new GatewayOptions(
              BenchServer.TOKEN,
              resources,
              new JacksonPayloadReader(jackson.getObjectMapper()),
              new JacksonPayloadWriter(jackson.getObjectMapper()),
              ReconnectOptions.create(),
              IdentifyOptions.builder(shard, shards).intents(IntentSet.nonPrivileged()).build(),
              GatewayObserver.NOOP_LISTENER,
              payloads -> payloads,
              1);
      DefaultGatewayClient client = new DefaultGatewayClient(options);
      client.dispatch().ofType(Ready.class).take(1).subscribe(r -> ready.countDown());
      client.execute(gatewayUrl + "/?v=10&encoding=json&compress=zlib-stream").subscribe();
    }
  }

  private static void jda(
      int from, int to, int shards, String gatewayUrl, String apiUrl, CountDownLatch ready) {
    List<Integer> ids = new ArrayList<>();
    for (int id = from; id < to; id++) {
      ids.add(id);
    }
    ConcurrentSessionController controller =
        new ConcurrentSessionController() {
          @Override
          public String getGateway() {
            return gatewayUrl;
          }
        };
    controller.setConcurrency(shards);
    DefaultShardManagerBuilder.createDefault(BenchServer.TOKEN)
        .setShardsTotal(shards)
        .setShards(ids)
        .setSessionController(controller)
        .setRestConfigProvider(shard -> new RestConfig().setBaseUrl(apiUrl + "/"))
        .addEventListeners(
            new ListenerAdapter() {
              @Override
              public void onReady(ReadyEvent event) {
                ready.countDown();
              }
            })
        .build();
  }

  /** This process's resident set size in bytes, from /proc. */
  public static long rss() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }

  /** NIO direct buffers plus what Netty's default allocator holds, when Netty is loaded. */
  static long directMemory() {
    long nio =
        ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(b -> b.getName().equals("direct"))
            .mapToLong(BufferPoolMXBean::getMemoryUsed)
            .sum();
    long netty = 0;
    try {
      Object allocator =
          Class.forName("io.netty.buffer.ByteBufAllocator").getField("DEFAULT").get(null);
      Object metric = allocator.getClass().getMethod("metric").invoke(allocator);
      netty = (long) metric.getClass().getMethod("usedDirectMemory").invoke(metric);
    } catch (ReflectiveOperationException | RuntimeException e) {
      netty = 0;
    }
    return nio + Math.max(0, netty);
  }
}
