package dev.sluice.gateway.reactor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Closes a bot when its process is asked to stop (SIGTERM from systemd, Docker or Kubernetes;
 * Ctrl-C), so that the JVM then exits normally with status 0, without {@code Runtime.halt}.
 *
 * <pre>{@code
 * ShardGroup shards = ShardGroup.builder(token).build();
 * GracefulShutdown.closeOnSignal(shards, Duration.ofSeconds(10)); // 1000: the sessions end
 * shards.connect().block(); // returns once every shard closed; main returns, the JVM exits 0
 * }</pre>
 *
 * <p>Why a signal handler and not only a shutdown hook: a JVM stopped by SIGTERM runs its shutdown
 * hooks and then exits with status 143 (128 + 15), whatever the hooks do ({@code System.exit(0)}
 * from a hook or from {@code main} blocks forever once shutdown has begun). So this class takes
 * over SIGTERM and SIGINT: the first one starts the close, the subscription of {@code connect()}
 * completes, {@code main} returns and the JVM exits 0 (Sluice starts no non-daemon thread). A close
 * that has not finished within {@code timeout} is abandoned with {@code System.exit(1)}, so a dead
 * network never keeps the process alive. It also registers a shutdown hook that closes within the
 * same timeout when the JVM stops another way ({@code System.exit}, SIGHUP, or a JVM where the
 * signals cannot be handled): the close is then bounded and the status is the JVM's.
 *
 * <p>{@link #closeResumablyOnSignal} closes with 4900 instead: each shard's session is saved to its
 * {@link SessionStore}, for the next process to Resume (use a store that outlives the process).
 *
 * <p>Thread-safe. The close runs at most once. {@link #dispose()} restores the previous signal
 * handlers and removes the hook (for a bot that stopped on its own).
 */
public final class GracefulShutdown implements Disposable {

  private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);
  private static final List<String> SIGNALS = List.of("TERM", "INT");

  private final Supplier<? extends Mono<?>> close;
  private final Duration timeout;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean disposed = new AtomicBoolean();
  private final Thread hook;
  private final List<Runnable> restore = new ArrayList<>();

  private GracefulShutdown(Supplier<? extends Mono<?>> close, Duration timeout) {
    this.close = Objects.requireNonNull(close, "close");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    this.hook = new Thread(this::onJvmShutdown, "sluice-shutdown");
  }

  /** On SIGTERM or SIGINT, closes every shard with 1000 (their sessions end). */
  public static GracefulShutdown closeOnSignal(ShardGroup group, Duration timeout) {
    return install(group::close, timeout);
  }

  /**
   * On SIGTERM or SIGINT, closes every shard with 4900 and saves each session to the shard's {@link
   * SessionStore}, for a process that takes over to Resume.
   */
  public static GracefulShutdown closeResumablyOnSignal(ShardGroup group, Duration timeout) {
    return install(group::closeResumable, timeout);
  }

  /**
   * On SIGTERM or SIGINT, subscribes to what {@code close} returns (e.g. {@code client::close} of
   * one {@link GatewayClient}).
   *
   * @throws IllegalArgumentException when {@code timeout} is not positive
   */
  public static GracefulShutdown install(Supplier<? extends Mono<?>> close, Duration timeout) {
    GracefulShutdown shutdown = new GracefulShutdown(close, timeout);
    Runtime.getRuntime().addShutdownHook(shutdown.hook);
    for (String name : SIGNALS) {
      shutdown.trap(name);
    }
    return shutdown;
  }

  private void onSignal(String name) {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    log.info("SIG{}: closing the gateway connections (at most {})", name, timeout);
    close
        .get()
        .timeout(timeout) // on Schedulers.parallel(): the process, not a shard, owns this timer
        .subscribe(
            null,
            e -> {
              log.error("shutdown did not finish in {} ({}); exiting with status 1", timeout, e);
              System.exit(1);
            });
  }

  private void onJvmShutdown() {
    if (started.compareAndSet(false, true)) {
      // A shutdown hook must finish its work before it returns (the JVM halts after the hooks), so
      // this is the one place that blocks, bounded by the timeout, on the hook's own thread.
      try {
        close.get().block(timeout);
      } catch (RuntimeException e) {
        log.warn("shutdown did not finish in {}: {}", timeout, e.toString());
      }
    }
  }

  /** Restores the previous signal handlers and removes the shutdown hook. */
  @Override
  public void dispose() {
    if (disposed.compareAndSet(false, true)) {
      restore.forEach(Runnable::run);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already stopping: the hook runs (and does nothing once a close started).
      }
    }
  }

  @Override
  public boolean isDisposed() {
    return disposed.get();
  }

  /**
   * Handles one signal through {@code sun.misc.Signal} (module {@code jdk.unsupported}), by
   * reflection so that nothing depends on it at compile time; where it is missing, only the
   * shutdown hook acts.
   */
  private void trap(String name) {
    try {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object signal = signalType.getConstructor(String.class).newInstance(name);
      Object handler =
          Proxy.newProxyInstance(
              handlerType.getClassLoader(),
              new Class<?>[] {handlerType},
              (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                  onSignal(name);
                  return null;
                }
                return method.invoke(this, args); // equals, hashCode, toString
              });
      Method handle = signalType.getMethod("handle", signalType, handlerType);
      Object previous = handle.invoke(null, signal, handler);
      restore.add(() -> invokeQuietly(handle, signal, previous));
    } catch (ReflectiveOperationException | LinkageError e) {
      log.debug("SIG{} cannot be handled here; the shutdown hook closes instead: {}", name, e);
    }
  }

  private static void invokeQuietly(Method handle, Object signal, Object handler) {
    try {
      handle.invoke(null, signal, handler);
    } catch (IllegalAccessException | InvocationTargetException e) {
      log.debug("could not restore a signal handler: {}", e.toString());
    }
  }
}
