package dev.sluice.samples.ping;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.model.Snowflake;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;

/**
 * Posts messages over REST: {@code POST {api}/channels/{id}/messages}, honouring 429 retry_after.
 */
final class Replies {

  private static final Pattern RETRY_AFTER = Pattern.compile("\"retry_after\"\\s*:\\s*([0-9.]+)");

  private final HttpClient http;
  private final String api;

  Replies(String api, BotToken token) {
    this.api = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
    this.http =
        HttpClient.create()
            .headers(
                h ->
                    h.set("Authorization", token.authorizationHeader())
                        .set("Content-Type", "application/json"));
  }

  // tag::send[]
  /** Sends {@code content} to a channel; completes when Discord accepted it. */
  Mono<Void> send(Snowflake channelId, String content) {
    String body = "{\"content\":" + quote(content) + "}";
    return http.post()
        .uri(api + "/channels/" + channelId.asString() + "/messages")
        .send(ByteBufFlux.fromString(Mono.just(body)))
        .responseSingle(
            (response, bytes) ->
                bytes
                    .asString(StandardCharsets.UTF_8)
                    .defaultIfEmpty("")
                    .flatMap(text -> outcome(response.status().code(), text)))
        .retryWhen(
            Retry.max(3)
                .filter(e -> e instanceof TooManyRequests)
                .doBeforeRetryAsync(s -> Mono.delay(((TooManyRequests) s.failure()).wait).then()));
  }

  // end::send[]

  private static Mono<Void> outcome(int status, String body) {
    if (status >= 200 && status < 300) {
      return Mono.empty();
    }
    if (status == 429) {
      Matcher m = RETRY_AFTER.matcher(body);
      double seconds = m.find() ? Double.parseDouble(m.group(1)) : 1;
      return Mono.error(new TooManyRequests(Duration.ofMillis((long) Math.ceil(seconds * 1000))));
    }
    return Mono.error(
        GatewayException.of(GatewayException.Kind.REST, "POST message answered " + status));
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static final class TooManyRequests extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Duration wait;

    TooManyRequests(Duration wait) {
      super("429 for " + wait, null, false, false);
      this.wait = wait;
    }
  }
}
