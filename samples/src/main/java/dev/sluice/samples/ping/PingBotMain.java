package dev.sluice.samples.ping;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.reactor.GatewayBotLookup;
import dev.sluice.gateway.reactor.GatewayClient;
import dev.sluice.gateway.reactor.GracefulShutdown;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point. Without {@code DISCORD_TOKEN} it plays the scripted demo against an embedded fake
 * gateway and exits 0. With it, it runs for real:
 *
 * <ul>
 *   <li>{@code DISCORD_TOKEN}: the bot token;
 *   <li>{@code SLUICE_API_URL}: REST base (default {@code https://discord.com/api/v10}); the
 *       gateway URL comes from {@code GET {SLUICE_API_URL}/gateway/bot};
 *   <li>{@code SLUICE_SHARDS}: shard count (default: the recommended one);
 *   <li>{@code SLUICE_COMPRESS}: {@code zlib-stream} (default), {@code zstd-stream} (needs zstd-jni
 *       on the class path; the sample's jar has it) or {@code none}.
 * </ul>
 *
 * A fatal close code (4004, 4010–4014) is logged with its meaning and exits with status 2; SIGTERM
 * closes every shard with 1000 and exits 0.
 */
public final class PingBotMain {

  private static final Logger log = LoggerFactory.getLogger(PingBotMain.class);

  private PingBotMain() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    String token = env.get("DISCORD_TOKEN");
    int status = token == null || token.isBlank() ? Demo.play() : runForReal(env);
    System.exit(status); // SIGTERM is handled (GracefulShutdown), so this is an ordinary exit
  }

  static int runForReal(Map<String, String> env) {
    Compression compression;
    Integer shards;
    try {
      compression = compression(env.getOrDefault("SLUICE_COMPRESS", "zlib-stream"));
      shards =
          env.containsKey("SLUICE_SHARDS")
              ? Integer.valueOf(env.get("SLUICE_SHARDS").trim())
              : null;
      // Fails here, typed, when zstd-stream is asked for without zstd-jni on the class path.
      GatewayClient.builder(BotToken.of(env.get("DISCORD_TOKEN"))).compression(compression);
    } catch (IllegalArgumentException | GatewayException e) {
      log.error("bad configuration: {}", e.getMessage());
      return 64;
    }
    String api = env.getOrDefault("SLUICE_API_URL", GatewayBotLookup.DISCORD_API);
    if (env.containsKey("SLUICE_REDIS_URL")) {
      return ClusterPingBot.run(env, BotToken.of(env.get("DISCORD_TOKEN")), api, compression);
    }
    PingBot bot = new PingBot(BotToken.of(env.get("DISCORD_TOKEN")), api, shards, compression);
    // SIGTERM or Ctrl-C: every shard closes with 1000, run() completes, main returns and exits 0.
    GracefulShutdown shutdown = GracefulShutdown.closeOnSignal(bot.shards, Duration.ofSeconds(10));
    try {
      bot.run().block();
      return 0;
    } catch (GatewayException e) {
      if (GatewayException.isFatal(e)) {
        log.error("fatal: {}; not reconnecting", e.getMessage());
        return 2;
      }
      log.error("stopped: {}", e.getMessage());
      return 1;
    } finally {
      shutdown.dispose();
    }
  }

  private static Compression compression(String value) {
    return switch (value.trim()) {
      case "zlib-stream" -> Compression.ZLIB_STREAM;
      case "zstd-stream" -> Compression.ZSTD_STREAM;
      case "none" -> Compression.NONE;
      default ->
          throw new IllegalArgumentException(
              "SLUICE_COMPRESS must be zlib-stream, zstd-stream or none, was " + value);
    };
  }
}
