package dev.sluice.gateway.reactor;

/**
 * What happens when a subscriber's event buffer is full because the subscriber is slower than the
 * gateway. It only ever affects that one subscriber: the socket, the heartbeat and other
 * subscribers never wait.
 */
public enum OverflowPolicy {
  /** The subscriber gets an overflow error and its subscription ends (the default). */
  ERROR,
  /** The oldest buffered event is dropped (logged). */
  DROP_OLDEST,
  /** The newest event is dropped (logged). */
  DROP_LATEST
}
