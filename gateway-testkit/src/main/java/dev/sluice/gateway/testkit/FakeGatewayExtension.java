package dev.sluice.gateway.testkit;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a fresh {@link FakeGateway} before each test and stops it after.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FakeGatewayExtension gateway = new FakeGatewayExtension(b -> b.token(TOKEN));
 *
 * @Test
 * void resumesAfterReconnect() {
 *   // connect a client to gateway.get().url() ...
 *   gateway.get().reconnect();
 *   gateway.get().transcript().awaitReceived(Opcode.RESUME, 1, Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class FakeGatewayExtension implements BeforeEachCallback, AfterEachCallback {

  private final UnaryOperator<FakeGatewayBuilder> configuration;
  private FakeGateway gateway;

  /** A gateway with the defaults. */
  public FakeGatewayExtension() {
    this(UnaryOperator.identity());
  }

  /** A gateway configured by {@code configuration} before each test. */
  public FakeGatewayExtension(UnaryOperator<FakeGatewayBuilder> configuration) {
    this.configuration = configuration;
  }

  /** The running gateway of the current test. */
  public FakeGateway get() {
    if (gateway == null) {
      throw new IllegalStateException("the fake gateway runs only during a test");
    }
    return gateway;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    gateway = configuration.apply(FakeGateway.builder()).start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (gateway != null) {
      gateway.close();
      gateway = null;
    }
  }
}
