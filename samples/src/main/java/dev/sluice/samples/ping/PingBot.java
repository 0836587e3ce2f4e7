package dev.sluice.samples.ping;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.core.model.Message;
import dev.sluice.gateway.reactor.ShardGroup;
import dev.sluice.gateway.rest.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The bot: every shard's MESSAGE_CREATE "!ping" is answered with a "pong" reply over REST ({@link
 * RestClient}: Discord's rate limits, typed errors).
 */
final class PingBot {

  private static final Logger log = LoggerFactory.getLogger(PingBot.class);

  final ShardGroup shards;
  private final RestClient rest;

  PingBot(BotToken token, String api, Integer shardCount, Compression compression) {
    // tag::setup[]
    ShardGroup.Builder builder =
        ShardGroup.builder(token)
            .apiUrl(api)
            .eachShard(
                shard ->
                    shard
                        .intents(
                            Intents.of(
                                Intent.GUILDS,
                                Intent.GUILD_MESSAGES,
                                Intent.DIRECT_MESSAGES,
                                Intent.MESSAGE_CONTENT))
                        .compression(compression));
    // end::setup[]
    this.shards =
        (shardCount == null ? builder.recommendedShards() : builder.shardCount(shardCount)).build();
    // tag::rest[]
    this.rest = RestClient.builder(token).apiUrl(api).build();
    // end::rest[]
  }

  /**
   * Runs until the shards close; errors on a fatal close. The event streams never complete, so the
   * answering stops when {@code connect()} ends; the REST client closes with them.
   */
  Mono<Void> run() {
    return Mono.firstWithSignal(shards.connect(), answerPings()).doFinally(signal -> rest.close());
  }

  private Mono<Void> answerPings() {
    // tag::ping[]
    Flux<Message> pongs =
        shards
            .on(MessageCreate.class)
            .filter(m -> "!ping".equals(m.content()))
            .filter(
                m ->
                    m.message().author() == null
                        || !Boolean.TRUE.equals(m.message().author().bot()))
            .flatMap(
                m ->
                    rest.reply(m.message(), "pong")
                        .doOnSuccess(
                            sent ->
                                log.info("answered !ping in channel {} with pong", m.channelId()))
                        .onErrorResume(
                            e -> {
                              log.warn("could not answer !ping: {}", e.getMessage());
                              return Mono.empty();
                            }));
    // end::ping[]
    return pongs.then();
  }
}
