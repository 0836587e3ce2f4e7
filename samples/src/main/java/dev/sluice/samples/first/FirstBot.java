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
import dev.sluice.gateway.rest.AllowedMentions;
import dev.sluice.gateway.rest.NewMessage;
import dev.sluice.gateway.rest.RestClient;
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
  private final RestClient rest;

  /** {@code apiUrl} is Discord's REST base, or a fake gateway's in tests. */
  public FirstBot(BotToken token, String apiUrl) {
    this.rest = RestClient.builder(token).apiUrl(apiUrl).build();
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
    return Mono.firstWithSignal(shards.connect(), work).doFinally(signal -> rest.close());
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

  /** Sends the answer as a reply over REST; a refusal is logged, the bot goes on. */
  private Mono<Void> send(Answer answer) {
    return rest.reply(
            answer.channelId(),
            answer.messageId(),
            NewMessage.of(answer.content()),
            AllowedMentions.none())
        .doOnNext(sent -> log.info("answered in channel {}", answer.channelId()))
        .onErrorResume(
            e -> {
              log.warn("could not answer: {}", e.getMessage());
              return Mono.empty();
            })
        .then();
  }
}
// end::file[]
