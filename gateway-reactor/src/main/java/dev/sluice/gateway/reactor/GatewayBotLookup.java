package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.GatewayException.Kind;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.model.GatewayBot;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;

/**
 * {@code GET {api}/gateway/bot}: the gateway URL, the recommended shard count and the session-start
 * budget. A 429 is honoured through its {@code retry_after}; a 401 is a fatal {@code UNAUTHORIZED}.
 */
public final class GatewayBotLookup {

  /** Discord's REST base. */
  public static final String DISCORD_API = "https://discord.com/api/v10";

  private static final Pattern RETRY_AFTER = Pattern.compile("\"retry_after\"\\s*:\\s*([0-9.]+)");
  private static final int MAX_RATE_LIMIT_RETRIES = 5;

  private GatewayBotLookup() {}

  /** Fetches {@code /gateway/bot} from {@code apiBase} (e.g. {@link #DISCORD_API}). */
  public static Mono<GatewayBot> fetch(
      HttpClient http, String apiBase, BotToken token, Scheduler scheduler) {
    String url =
        (apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase)
            + "/gateway/bot";
    return http.headers(h -> h.set("Authorization", token.authorizationHeader()))
        .get()
        .uri(url)
        .responseSingle(
            (response, body) ->
                body.asByteArray()
                    .defaultIfEmpty(new byte[0])
                    .flatMap(
                        bytes ->
                            interpret(
                                response.status().code(),
                                response.responseHeaders().get("Retry-After"),
                                bytes)))
        .retryWhen(
            Retry.max(MAX_RATE_LIMIT_RETRIES)
                .filter(e -> e instanceof RateLimited)
                .doBeforeRetryAsync(
                    signal -> Mono.delay(((RateLimited) signal.failure()).wait, scheduler).then())
                .onRetryExhaustedThrow(
                    (spec, signal) ->
                        GatewayException.of(
                            Kind.REST,
                            "still rate limited after " + MAX_RATE_LIMIT_RETRIES + " retries")));
  }

  private static Mono<GatewayBot> interpret(int status, String retryAfterHeader, byte[] body) {
    if (status == 200) {
      return Mono.fromCallable(() -> GatewayCodec.readBody(body, GatewayBot.class));
    }
    if (status == 401) {
      return Mono.error(
          GatewayException.of(Kind.UNAUTHORIZED, "unauthorized: the token was refused (401)"));
    }
    if (status == 429) {
      return Mono.error(new RateLimited(retryAfter(retryAfterHeader, body)));
    }
    return Mono.error(GatewayException.of(Kind.REST, "GET /gateway/bot answered " + status));
  }

  static Duration retryAfter(String header, byte[] body) {
    Matcher m = RETRY_AFTER.matcher(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    double seconds = 1;
    if (m.find()) {
      seconds = Double.parseDouble(m.group(1));
    } else if (header != null) {
      try {
        seconds = Double.parseDouble(header.trim());
      } catch (NumberFormatException e) {
        seconds = 1;
      }
    }
    return Duration.ofMillis((long) Math.ceil(Math.max(0, seconds) * 1000));
  }

  /** A 429, retried after {@code wait}. */
  private static final class RateLimited extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Duration wait;

    RateLimited(Duration wait) {
      super("rate limited for " + wait, null, false, false);
      this.wait = wait;
    }
  }
}
