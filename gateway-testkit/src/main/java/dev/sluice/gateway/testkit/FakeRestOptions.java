package dev.sluice.gateway.testkit;

import java.time.Duration;

/**
 * The REST options of a {@link FakeGateway.Builder}: the per-bucket limit and window (0: no limit,
 * no headers), the global limit per second (0: none), how long a keep-alive connection may idle
 * before the fake closes it (zero: never) and how long an {@code enforce_nonce} nonce is
 * remembered. Immutable.
 */
record FakeRestOptions(
    int limit, Duration reset, int globalLimit, Duration idleTimeout, Duration nonceWindow) {

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
