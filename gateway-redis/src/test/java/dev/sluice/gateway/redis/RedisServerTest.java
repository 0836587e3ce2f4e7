package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The harness finds redis-server on the PATH, and fails with the install command when it cannot.
 */
class RedisServerTest {

  @Test
  void aMissingRedisServerFailsWithTheInstallCommand() {
    assertThatThrownBy(() -> RedisServer.binary(null, "/nonexistent-dir"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("install it: apt-get install -y redis-server");
    assertThatThrownBy(() -> RedisServer.binary("/nonexistent/redis-server", ""))
        .hasMessageContaining("apt-get install -y redis-server");
  }

  @Test
  void redisServerIsFoundOnThePath() {
    assertThat(RedisServer.binary()).endsWith("redis-server");
  }
}
