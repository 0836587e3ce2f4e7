package dev.sluice.gateway.micrometer;

import dev.sluice.gateway.reactor.GatewayState;

/**
 * The numbers {@code sluice.shard.state} reports: {@code 0} not started, {@code 1} connecting,
 * {@code 2} awaiting identify, {@code 3} identifying, {@code 4} resuming, {@code 5} ready, {@code
 * 6} disconnected (reconnecting), {@code 7} closed, {@code 8} fatally closed, {@code 9} failed.
 * Ordered so that an alert can say "below 5" for a shard that is not (yet or any more) live.
 */
public final class ShardStates {

  /** Before the client's first state. */
  public static final int NOT_STARTED = 0;

  /** {@link GatewayState.Ready}. */
  public static final int READY = 5;

  private ShardStates() {}

  /** The number of {@code state}. */
  public static int of(GatewayState state) {
    if (state instanceof GatewayState.Connecting) {
      return 1;
    } else if (state instanceof GatewayState.AwaitingIdentify) {
      return 2;
    } else if (state instanceof GatewayState.Identifying) {
      return 3;
    } else if (state instanceof GatewayState.Resuming) {
      return 4;
    } else if (state instanceof GatewayState.Ready) {
      return READY;
    } else if (state instanceof GatewayState.Disconnected) {
      return 6;
    } else if (state instanceof GatewayState.Closed) {
      return 7;
    } else if (state instanceof GatewayState.FatallyClosed) {
      return 8;
    } else if (state instanceof GatewayState.Failed) {
      return 9;
    }
    return NOT_STARTED;
  }
}
