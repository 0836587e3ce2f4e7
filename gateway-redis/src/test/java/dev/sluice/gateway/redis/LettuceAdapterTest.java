package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LettuceAdapterTest {

  @Test
  void aRedisUriIsRedactedUpToItsLastAt() {
    assertThat(LettuceAdapter.redact("redis://127.0.0.1:6379/0"))
        .isEqualTo("redis://127.0.0.1:6379/0");
    assertThat(LettuceAdapter.redact("redis://:secret@127.0.0.1:6379"))
        .isEqualTo("redis://<redacted>@127.0.0.1:6379");
    assertThat(LettuceAdapter.redact("redis://user:p@ss/w@rd@127.0.0.1:6379/0"))
        .isEqualTo("redis://<redacted>@127.0.0.1:6379/0")
        .doesNotContain("ss", "rd");
    assertThat(LettuceAdapter.redact("rediss://u:p@host")).isEqualTo("rediss://<redacted>@host");
  }
}
