// tag::file[]
package dev.sluice.samples.first;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.command.UpdatePresence;
import dev.sluice.gateway.core.event.GuildCreate;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.core.model.Activity;
import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.reactor.ShardGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Logs its guilds, shows "Playing !hello" and answers "!hello". */
public final class FirstBot {

  private static final Logger log = LoggerFactory.getLogger(FirstBot.class);

  /** What the bot answers, and where. */
  public record Answer(Snowflake channelId, Snowflake messageId, String content) {}

  private final ShardGroup shards;

  /** {@code apiUrl} is Discord's REST base, or a fake gateway's in tests. */
  public FirstBot(BotToken token, String apiUrl) {
    this.shards =
        ShardGroup.builder(token)
            .apiUrl(apiUrl)
            .eachShard(
                shard ->
                    shard
                        .intents(
                            Intents.of(
                                Intent.GUILDS, Intent.GUILD_MESSAGES, Intent.MESSAGE_CONTENT))
                        .presence(UpdatePresence.online(Activity.playing("!hello"))))
            .build();
  }

  /** The bot's shards: their states, events and {@code close()}. */
  public ShardGroup shards() {
    return shards;
  }

  /** Runs until the shards are closed; fails when Discord refuses the bot (a fatal close). */
  public Mono<Void> run() {
    Mono<Void> work = Mono.when(logGuilds(), answers().flatMap(this::send));
    // The event streams never complete: the bot's work stops when connect() completes.
    return Mono.firstWithSignal(shards.connect(), work);
  }

  private Mono<Void> logGuilds() {
    return shards
        .on(GuildCreate.class)
        .doOnNext(g -> log.info("in guild {} ({})", g.guild().name(), g.id()))
        .then();
  }

  /** One answer per "!hello" from a person (not from a bot, this one included). */
  public Flux<Answer> answers() {
    return shards
        .on(MessageCreate.class)
        .filter(m -> "!hello".equals(m.content()))
        .filter(m -> !Boolean.TRUE.equals(m.message().author().bot()))
        .map(
            m ->
                new Answer(
                    m.channelId(),
                    m.message().id(),
                    "Hello, " + m.message().author().username() + "!"));
  }

  // REPLY: the one place that talks to Discord's REST API. Until gateway-rest's RestClient is
  // released, the answer is logged; with it, this method sends the answer as a reply.
  private Mono<Void> send(Answer answer) {
    return Mono.fromRunnable(
        () -> log.info("answer in channel {}: {}", answer.channelId(), answer.content()));
  }
}
// end::file[]
