package dev.sluice.gateway.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.reactor.GatewayState;
import org.junit.jupiter.api.Test;

class ShardStatesTest {

  @Test
  void theEndsHaveTheirOwnNumbersAboveReady() {
    assertThat(ShardStates.of(null)).isEqualTo(ShardStates.NOT_STARTED);
    assertThat(ShardStates.of(new GatewayState.Closed(null))).isEqualTo(7);
    assertThat(
            ShardStates.of(
                new GatewayState.FatallyClosed(GatewayCloseCode.AUTHENTICATION_FAILED, 4004, "")))
        .isEqualTo(8);
    assertThat(ShardStates.of(new GatewayState.Failed("gave up"))).isEqualTo(9);
  }
}
