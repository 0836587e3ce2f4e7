package consumer;

import dev.sluice.gateway.core.internal.session.SessionMachine;

public final class Main {
  public static void main(String[] args) {
    System.out.println(SessionMachine.class);
  }
}
