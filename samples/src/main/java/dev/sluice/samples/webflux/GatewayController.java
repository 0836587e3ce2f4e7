package dev.sluice.samples.webflux;

import dev.sluice.gateway.core.event.GatewayEvent;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.reactor.GatewayClient;
import dev.sluice.gateway.reactor.ShardGroup;
import dev.sluice.gateway.rest.RestClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The HTTP face of the gateway. */
@RestController
final class GatewayController {

  private final ShardGroup shards;
  private final RestClient rest;

  GatewayController(ShardGroup shards, RestClient rest) {
    this.shards = shards;
    this.rest = rest;
  }

  /**
   * Posts the request body as a message to a channel through {@link RestClient} (Discord's rate
   * limits honoured); answers with the new message's id.
   */
  @PostMapping(path = "/channels/{id}/messages", consumes = "text/plain")
  Mono<Map<String, Object>> send(@PathVariable("id") String channelId, @RequestBody String text) {
    return rest.createMessage(Snowflake.of(channelId), text)
        .map(message -> Map.<String, Object>of("id", message.id().asString()));
  }

  // tag::events[]
  /**
   * Gateway events as Server-Sent Events, optionally only one type ({@code ?type=MESSAGE_CREATE}).
   */
  @GetMapping(path = "/events", produces = "text/event-stream")
  Flux<ServerSentEvent<Map<String, Object>>> events(
      @RequestParam(name = "type", required = false) String type) {
    return shards
        .events()
        .filter(e -> type == null || type.equals(e.eventType()))
        .map(
            e ->
                ServerSentEvent.builder(describe(e))
                    .event(e.eventType())
                    .id(Long.toString(e.meta().sequence()))
                    .build());
  }

  // end::events[]

  /** Every shard's state and last heartbeat latency. */
  @GetMapping("/status")
  Mono<List<Map<String, Object>>> status() {
    return Flux.fromIterable(shards.shards()).concatMap(GatewayController::status).collectList();
  }

  private static Mono<Map<String, Object>> status(GatewayClient shard) {
    // state() replays the current state at once; a shard that has none yet reports "Starting".
    return shard
        .state()
        .next()
        .map(s -> s.getClass().getSimpleName())
        .timeout(Duration.ofMillis(100), Mono.just("Starting"))
        .map(
            state -> {
              Map<String, Object> status = new LinkedHashMap<>();
              status.put("shard", shard.shard().id());
              status.put("state", state);
              status.put("latency_ms", shard.latency().map(Duration::toMillis).orElse(null));
              return status;
            });
  }

  private static Map<String, Object> describe(GatewayEvent event) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", event.eventType());
    body.put("shard", event.meta().shard().id());
    body.put("sequence", event.meta().sequence());
    body.put("received_at", event.meta().receivedAt().toString());
    body.put("data", event instanceof RawEvent raw ? raw.json() : event.toString());
    return body;
  }
}
