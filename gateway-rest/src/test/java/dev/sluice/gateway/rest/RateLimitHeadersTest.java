package dev.sluice.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading Discord's rate-limit headers and 429 bodies. */
class RateLimitHeadersTest {

  static RateLimitHeaders parse(int status, Map<String, String> headers, String body) {
    return RateLimitHeaders.parse(status, headers::get, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aBucketIsReadWithMillisecondsRoundedUpExactly() {
    RateLimitHeaders h =
        parse(
            200,
            Map.of(
                "X-RateLimit-Bucket", "abcd1234",
                "X-RateLimit-Limit", "5",
                "X-RateLimit-Remaining", "4",
                "X-RateLimit-Reset-After", "0.2"),
            "");
    assertThat(h.describesBucket()).isTrue();
    assertThat(h.bucket()).isEqualTo("abcd1234");
    assertThat(h.limit()).isEqualTo(5);
    assertThat(h.remaining()).isEqualTo(4);
    assertThat(h.resetAfterMillis()).isEqualTo(200);
    assertThat(parse(200, Map.of("X-RateLimit-Reset-After", "1.0001"), "").resetAfterMillis())
        .isEqualTo(1001);
    assertThat(h.scope()).isEqualTo(RateLimitHeaders.Scope.USER);
    assertThat(h.retryAfterMillis()).isEqualTo(-1);
  }

  @Test
  void theBodysRetryAfterWinsOverTheRoundedHeader() {
    RateLimitHeaders h =
        parse(
            429,
            Map.of("Retry-After", "1", "X-RateLimit-Scope", "shared"),
            "{\"message\":\"You are being rate limited.\",\"retry_after\":0.35,\"global\":false}");
    assertThat(h.retryAfterMillis()).isEqualTo(350);
    assertThat(h.scope()).isEqualTo(RateLimitHeaders.Scope.SHARED);
    assertThat(h.global()).isFalse();
    assertThat(parse(429, Map.of("Retry-After", "2"), "not json").retryAfterMillis())
        .isEqualTo(2000);
    assertThat(parse(429, Map.of(), "").retryAfterMillis()).isEqualTo(1000);
  }

  @Test
  void aGlobal429IsRecognisedByHeaderScopeOrBody() {
    assertThat(parse(429, Map.of("X-RateLimit-Global", "true"), "{}").scope())
        .isEqualTo(RateLimitHeaders.Scope.GLOBAL);
    assertThat(parse(429, Map.of("X-RateLimit-Scope", "global"), "{}").global()).isTrue();
    assertThat(parse(429, Map.of(), "{\"retry_after\":1,\"global\":true}").global()).isTrue();
  }

  @Test
  void garbageHeadersMeanNoBucket() {
    RateLimitHeaders h =
        parse(
            200,
            Map.of(
                "X-RateLimit-Bucket", " ",
                "X-RateLimit-Limit", "many",
                "X-RateLimit-Reset-After", "soon"),
            "");
    assertThat(h.describesBucket()).isFalse();
    assertThat(h.bucket()).isNull();
    assertThat(h.limit()).isEqualTo(-1);
    assertThat(h.resetAfterMillis()).isEqualTo(-1);
  }
}
