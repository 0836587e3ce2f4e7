package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.protocol.Opcode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Everything that crossed a {@link FakeGateway}: every payload in both directions with a timestamp
 * and connection id, and every connection's opening and closing with codes, as {@link Frame}s. The
 * helpers answer with the kind of frame they look for:
 *
 * <pre>{@code
 * Transcript transcript = gateway.transcript();
 * Frame.Payload resume = transcript.awaitReceived(Opcode.RESUME, 1, Duration.ofSeconds(5));
 * long seq = transcript.dispatched("MESSAGE_CREATE").get(0).sequence().getAsLong();
 * assertThat(resume.dataTree().path("seq").asLong()).isEqualTo(seq);
 * Frame.Closed closed = transcript.awaitClosing(1, Duration.ofSeconds(5));
 * assertThat(closed.code()).hasValue(GatewayCloseCode.RESUMABLE_CLOSURE);
 * }</pre>
 *
 * <p>Frames are kept from the gateway's start until it is closed (and stay readable after).
 *
 * <p>Thread-safe. The {@code await…} and {@code assertNo…} helpers block the calling thread (with a
 * timeout): call them from test code, never from a Reactor or Netty thread. For reactive tests use
 * {@link #frames()}.
 */
public final class Transcript {

  private final List<Frame> frames = new ArrayList<>();
  private final Sinks.Many<Frame> live = Sinks.many().multicast().directBestEffort();

  void add(Frame frame) {
    synchronized (frames) {
      frames.add(frame);
      frames.notifyAll();
    }
    // Outside the lock, so a subscriber may call back into the gateway; concurrent adds take turns
    // (spinning briefly), and a slow subscriber misses frames rather than stalling the server: it
    // can read all() instead. Only a concurrent
    // emission (FAIL_NON_SERIALIZED) is retried; no subscriber, or only slow ones, drop the frame.
    while (live.tryEmitNext(frame) == Sinks.EmitResult.FAIL_NON_SERIALIZED) {
      Thread.onSpinWait();
    }
  }

  /** Every frame so far, in order. */
  public List<Frame> all() {
    synchronized (frames) {
      return List.copyOf(frames);
    }
  }

  /** Frames from now on, as a hot Flux. */
  public Flux<Frame> frames() {
    return live.asFlux();
  }

  /** Payloads the server received from clients with this opcode. */
  public List<Frame.Payload> received(Opcode op) {
    return select(Frame.Payload.class, p -> p.fromClient() && p.opcode() == op);
  }

  /** Payloads the server sent with this opcode. */
  public List<Frame.Payload> sent(Opcode op) {
    return select(Frame.Payload.class, p -> !p.fromClient() && p.opcode() == op);
  }

  /** Dispatches the server sent with this event name. */
  public List<Frame.Payload> dispatched(String type) {
    return select(Frame.Payload.class, p -> !p.fromClient() && p.isDispatch(type));
  }

  /** Connection openings, in order. */
  public List<Frame.Opened> openings() {
    return select(Frame.Opened.class, o -> true);
  }

  /** Connection closings, in order. */
  public List<Frame.Closed> closings() {
    return select(Frame.Closed.class, c -> true);
  }

  /** The frames matching {@code filter}, in order. */
  public List<Frame> select(Predicate<Frame> filter) {
    return select(Frame.class, filter);
  }

  /**
   * The frames of one kind ({@code Frame.Payload.class}, ...) matching {@code filter}, in order.
   */
  public <T extends Frame> List<T> select(Class<T> kind, Predicate<? super T> filter) {
    synchronized (frames) {
      return frames.stream().filter(kind::isInstance).map(kind::cast).filter(filter).toList();
    }
  }

  /**
   * Waits for the {@code n}-th (1-based) payload with this opcode received from clients since the
   * gateway started.
   *
   * @throws AssertionError if it does not arrive within {@code timeout}
   */
  public Frame.Payload awaitReceived(Opcode op, int n, Duration timeout) {
    return awaitNth(
        Frame.Payload.class,
        p -> p.fromClient() && p.opcode() == op,
        n,
        timeout,
        "received " + op + " #" + n);
  }

  /**
   * Waits for the next payload with this opcode that a client sends after this call.
   *
   * @throws AssertionError if none arrives within {@code timeout}
   */
  public Frame.Payload awaitNextReceived(Opcode op, Duration timeout) {
    int already = received(op).size();
    return awaitReceived(op, already + 1, timeout);
  }

  /**
   * Waits for the {@code n}-th (1-based) dispatch named {@code type} the server sent since it
   * started.
   *
   * @throws AssertionError if it is not sent within {@code timeout}
   */
  public Frame.Payload awaitDispatched(String type, int n, Duration timeout) {
    return awaitNth(
        Frame.Payload.class,
        p -> !p.fromClient() && p.isDispatch(type),
        n,
        timeout,
        "dispatched " + type + " #" + n);
  }

  /**
   * Waits for the {@code n}-th (1-based) connection opening.
   *
   * @throws AssertionError if it does not happen within {@code timeout}
   */
  public Frame.Opened awaitOpening(int n, Duration timeout) {
    return awaitNth(Frame.Opened.class, o -> true, n, timeout, "opening #" + n);
  }

  /**
   * Waits for the {@code n}-th (1-based) connection closing, by either side.
   *
   * @throws AssertionError if it does not happen within {@code timeout}
   */
  public Frame.Closed awaitClosing(int n, Duration timeout) {
    return awaitNth(Frame.Closed.class, c -> true, n, timeout, "closing #" + n);
  }

  /**
   * Waits for the {@code n}-th frame (1-based) matching {@code filter}.
   *
   * @throws AssertionError if it does not appear within {@code timeout}
   */
  public Frame awaitNth(Predicate<Frame> filter, int n, Duration timeout, String what) {
    return awaitNth(Frame.class, filter, n, timeout, what);
  }

  /**
   * Waits for the {@code n}-th frame (1-based) of one kind matching {@code filter}, e.g. {@code
   * awaitNth(Frame.Payload.class, p -> p.json().contains("\"after\""), 1, timeout, "after")}.
   *
   * @throws AssertionError if it does not appear within {@code timeout}
   */
  public <T extends Frame> T awaitNth(
      Class<T> kind, Predicate<? super T> filter, int n, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (frames) {
      while (true) {
        int seen = 0;
        for (Frame f : frames) {
          if (kind.isInstance(f) && filter.test(kind.cast(f)) && ++seen == n) {
            return kind.cast(f);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "no " + what + " within " + timeout + "; transcript:\n" + dump());
        }
        waitNanos(left);
      }
    }
  }

  /**
   * Asserts that no connection is opened within {@code duration} from now.
   *
   * @throws AssertionError on a new connection
   */
  public void assertNoNewConnection(Duration duration) {
    int before = openings().size();
    long deadline = System.nanoTime() + duration.toNanos();
    synchronized (frames) {
      while (true) {
        if (openings().size() > before) {
          throw new AssertionError("a new connection was opened; transcript:\n" + dump());
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        waitNanos(left);
      }
    }
  }

  /** The transcript as readable lines, for failure messages. */
  public String dump() {
    StringBuilder out = new StringBuilder();
    for (Frame f : all()) {
      out.append("  ").append(f).append('\n');
    }
    return out.toString();
  }

  private void waitNanos(long nanos) {
    try {
      frames.wait(Math.max(1, nanos / 1_000_000), (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
