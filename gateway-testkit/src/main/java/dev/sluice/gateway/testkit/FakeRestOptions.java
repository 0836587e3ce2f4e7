package dev.sluice.gateway.testkit;

import java.time.Duration;

/**
 * The REST options of a {@link FakeGatewayBuilder}: the per-bucket limit and window (0: no limit,
 * no headers), the global limit per second (0: none), how long a keep-alive connection may idle
 * before the fake closes it (zero: never) and how long an {@code enforce_nonce} nonce is
 * remembered. Immutable.
 */
record FakeRestOptions(
    int limit, Duration reset, int globalLimit, Duration idleTimeout, Duration nonceWindow) {

  /** Validates: windows positive, the idle timeout not negative. */
  FakeRestOptions {
    if (reset == null || reset.isNegative() || reset.isZero()) {
      throw new IllegalArgumentException("rest rate-limit window must be positive");
    }
    if (idleTimeout == null || idleTimeout.isNegative()) {
      throw new IllegalArgumentException("rest idle timeout must not be negative");
    }
    if (nonceWindow == null || nonceWindow.isNegative() || nonceWindow.isZero()) {
      throw new IllegalArgumentException("nonce window must be positive");
    }
  }

  static final FakeRestOptions DEFAULTS =
      new FakeRestOptions(0, Duration.ofSeconds(5), 0, Duration.ZERO, Duration.ofMinutes(5));

  FakeRestOptions withBuckets(int value, Duration window) {
    return new FakeRestOptions(value, window, globalLimit, idleTimeout, nonceWindow);
  }

  FakeRestOptions withGlobal(int value) {
    return new FakeRestOptions(limit, reset, value, idleTimeout, nonceWindow);
  }

  FakeRestOptions withIdleTimeout(Duration value) {
    return new FakeRestOptions(limit, reset, globalLimit, value, nonceWindow);
  }
}
