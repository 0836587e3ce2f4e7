package dev.sluice.gateway.core.internal.session;

import java.util.List;

/**
 * The result of one input: the next state and the actions to perform, in order.
 *
 * @param state the next state
 * @param actions what to do; empty when the input changes nothing visible
 */
public record Transition(ConnectionState state, List<Action> actions) {

  public Transition {
    actions = List.copyOf(actions);
  }
}
