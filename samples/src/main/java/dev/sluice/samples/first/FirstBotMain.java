// tag::file[]
package dev.sluice.samples.first;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.reactor.GatewayBotLookup;
import dev.sluice.gateway.reactor.GracefulShutdown;
import java.time.Duration;

/** Runs the bot with the token in {@code DISCORD_TOKEN} until SIGTERM or Ctrl-C. */
public final class FirstBotMain {

  private FirstBotMain() {}

  public static void main(String[] args) {
    String api = System.getenv().getOrDefault("SLUICE_API_URL", GatewayBotLookup.DISCORD_API);
    FirstBot bot = new FirstBot(BotToken.of(System.getenv("DISCORD_TOKEN")), api);
    // SIGTERM or Ctrl-C: every shard closes with 1000 (at most 10 s), run() completes, main
    // returns and the JVM exits with status 0.
    GracefulShutdown.closeOnSignal(bot.shards(), Duration.ofSeconds(10));
    bot.run().block();
  }
}
// end::file[]
