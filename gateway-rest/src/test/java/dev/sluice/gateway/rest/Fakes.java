package dev.sluice.gateway.rest;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.model.Interaction;
import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.testkit.FakeGateway;
import dev.sluice.gateway.testkit.FakeRest;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Shared helpers of the wire tests: the token, a client pointed at a fake, an interaction. */
final class Fakes {

  static final String TOKEN = "MTAw.SECRET-rest-token.xyz";
  static final Snowflake CHANNEL = Snowflake.of("290926798999357250");
  static final Snowflake OTHER_CHANNEL = Snowflake.of("290926798999357251");
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private Fakes() {}

  static RestClient client(FakeGateway fake) {
    return client(fake, UnaryOperator.identity());
  }

  static RestClient client(FakeGateway fake, UnaryOperator<RestClient.Builder> options) {
    return options.apply(RestClient.builder(BotToken.of(TOKEN)).apiUrl(fake.apiUrl())).build();
  }

  static Interaction interaction(String token) {
    return new Interaction(
        Snowflake.of(900_000_000_000_000_001L),
        Snowflake.of(100),
        2,
        null,
        null,
        CHANNEL,
        null,
        null,
        token,
        1,
        null,
        null,
        null);
  }

  /** Waits for a condition the fake reaches asynchronously; fails the test on timeout. */
  static void await(String what, java.util.function.BooleanSupplier condition) {
    if (!FakeRest.await(condition, TIMEOUT)) {
      throw new AssertionError("timed out waiting for " + what);
    }
  }
}
