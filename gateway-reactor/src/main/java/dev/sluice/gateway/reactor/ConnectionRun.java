package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.command.Resume;
import dev.sluice.gateway.core.event.EventMeta;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import dev.sluice.gateway.core.internal.compression.TransportDecompressor;
import dev.sluice.gateway.core.internal.session.Action;
import dev.sluice.gateway.core.internal.session.ConnectionState;
import dev.sluice.gateway.core.internal.session.Input;
import dev.sluice.gateway.core.internal.session.Lane;
import dev.sluice.gateway.core.internal.session.Phase;
import dev.sluice.gateway.core.internal.session.SessionMachine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;

/**
 * One connection, from the open WebSocket to how it ended, as a {@code Flux} of {@link
 * ConnectionEvent}s. Inbound messages are inflated and envelope-decoded on the Netty event loop and
 * merged, one at a time, with the timers' inputs ({@link ConnectionTimers}); that serialized stream
 * is split by opcode into three streams, each handled in one place below:
 *
 * <ul>
 *   <li>{@link #heartbeat}: op 1, op 11 and timer ticks: beats with the latest sequence, ACKs and
 *       their round trip, the zombie connection;
 *   <li>{@link #dispatch}: op 0: sequence tracking, delivery, READY and RESUMED;
 *   <li>{@link #control}: Hello, op 7, op 9, closes and timeouts: the handshake and the end.
 * </ul>
 *
 * The rules are the pure {@link SessionMachine}'s (one function per stream); this class performs
 * what they return, without blocking. The split is {@link LaneSplit}: each input goes on the
 * emitting thread to its one stream (architecture.md, "Departures"). Because its source is
 * serialized, the three streams never run at the same time and share {@link #state} safely.
 *
 * <p>Created by {@link GatewayClient} per connection; {@link #events()} is subscribed once. Holds
 * no reference to the client.
 */
final class ConnectionRun {

  private static final Logger log = LoggerFactory.getLogger(ConnectionRun.class);
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

  private final GatewayClient.Options options;
  private final IdentifyLimiter identifyLimiter;
  private final Transport.Connection connection;
  private final TransportDecompressor decompressor;
  private final OutboundQueue outbound;
  private final ConnectionTimers timers;
  // Confined to the serialized input stream (the three stream handlers).
  private ConnectionState state;
  private ConnectionEvent.Ended ended;
  private long lastBeatNanos = -1;
  // Written by the dispatch stream while resuming, read by the resume watch's timer.
  private volatile long resumeProgressNanos;
  private long receivedMillis = Long.MIN_VALUE;
  private Instant receivedAt;
  private volatile Mono<Void> closing = Mono.empty();
  private volatile boolean ready;

  ConnectionRun(
      GatewayClient.Options options,
      IdentifyLimiter identifyLimiter,
      Transport.Connection connection,
      ConnectionState start) {
    this.options = options;
    this.identifyLimiter = identifyLimiter;
    this.connection = connection;
    this.state = start;
    this.decompressor =
        TransportDecompressor.create(options.compression(), options.maxMessageBytes());
    this.outbound =
        new OutboundQueue(
            connection,
            options.scheduler(),
            Duration.ofMillis(41_250),
            options.observer(),
            options.shard());
    this.timers = new ConnectionTimers(options.scheduler(), options.jitter(), connection.inputs());
  }

  /** Runs the connection: its events, ending with exactly one {@link ConnectionEvent.Ended}. */
  Flux<ConnectionEvent> events() {
    Flux<Input> received = Inbound.inputs(connection, decompressor);
    // tag::streams[]
    // One input at a time from here on: the merge serializes the socket and the timers.
    Flux<Input> inputs = Flux.merge(Integer.MAX_VALUE, received, timers.inputs());
    Flux<ConnectionEvent> streams =
        LaneSplit.split(
            inputs,
            input -> Lane.of(input).ordinal(),
            Lane.values().length,
            lanes ->
                Flux.merge(
                    Integer.MAX_VALUE,
                    lanes.get(Lane.HEARTBEAT.ordinal()).handle(this::heartbeat),
                    lanes.get(Lane.DISPATCH.ordinal()).handle(this::dispatch),
                    lanes.get(Lane.CONTROL.ordinal()).handle(this::control),
                    timers.progress()));
    // end::streams[]
    return Flux.defer(
            () -> {
              timers.feedAfter(options.helloTimeout(), new Input.TimedOut(Input.Timeout.HELLO));
              return streams;
            })
        .takeWhile(event -> !(event instanceof ConnectionEvent.Ended))
        .concatWith(Mono.defer(this::afterEnd))
        .doFinally(signal -> cleanup());
  }

  /** Sends a user command on this connection once it is ready; completes when written. */
  Mono<Void> sendUser(byte[] frame) {
    return outbound.user(frame);
  }

  boolean isReady() {
    return ready;
  }

  /** Ends the connection from the user's side: 1000, or resumably. */
  void requestClose(boolean resumable) {
    timers.feed(new Input.CloseRequested(resumable));
  }

  /** Op 1, op 11, ticks: beats carry the latest sequence; an un-ACKed beat is a zombie. */
  private void heartbeat(Input input, SynchronousSink<ConnectionEvent> sink) {
    var transition = SessionMachine.heartbeat(state, input);
    ConnectionState before = state;
    state = transition.state();
    for (Action action : transition.actions()) {
      if (action instanceof Action.SendHeartbeat beat) {
        lastBeatNanos = options.scheduler().now(TimeUnit.NANOSECONDS);
        priority(GatewayCodec.encodeHeartbeat(beat.sequence()));
      } else if (action instanceof Action.HeartbeatAcked && lastBeatNanos >= 0) {
        long now = options.scheduler().now(TimeUnit.NANOSECONDS);
        sink.next(new ConnectionEvent.Latency(Duration.ofNanos(now - lastBeatNanos)));
      } else {
        end(action, before, sink);
      }
    }
  }

  /** Op 0: delivered once, in sequence order; READY or RESUMED makes the connection ready. */
  private void dispatch(Input input, SynchronousSink<ConnectionEvent> sink) {
    GatewayPayload payload = ((Input.Received) input).payload();
    var transition = SessionMachine.dispatch(state, payload);
    ConnectionState before = state;
    state = transition.state();
    if (before.phase() == Phase.RESUMING) {
      resumeProgressNanos = options.scheduler().now(TimeUnit.NANOSECONDS); // a replayed event
    }
    List<Action> actions = transition.actions();
    if (actions.size() == 1 && actions.get(0) instanceof Action.Dispatch) {
      sink.next(dispatched(payload)); // nearly every input
      return;
    }
    Dispatched delivered = null;
    for (Action action : actions) {
      if (action instanceof Action.Dispatch) {
        delivered = dispatched(payload);
      } else if (action instanceof Action.Ready live) {
        ready = true;
        timers.stopWatch();
        sink.next(new ConnectionEvent.Ready(delivered, live.session(), live.resumed()));
        return;
      } else {
        end(action, before, sink);
      }
    }
    if (delivered != null) {
      sink.next(delivered);
    }
  }

  /** Hello, op 7, op 9, closes, timeouts, close requests: the handshake and the end. */
  private void control(Input input, SynchronousSink<ConnectionEvent> sink) {
    if (input instanceof Input.Failed failed) {
      log.warn(
          "shard {} inbound message rejected: {}", options.shard(), failed.error().getMessage());
    }
    var transition = SessionMachine.control(state, input);
    ConnectionState before = state;
    state = transition.state();
    for (Action action : transition.actions()) {
      if (action instanceof Action.StartHeartbeat start) {
        outbound.heartbeatInterval(start.interval());
        Duration first = timers.startHeartbeat(start.interval());
        options.observer().heartbeatStarted(options.shard(), start.interval());
        log.info(
            "shard {} hello: heartbeat every {} ms, first in {} ms",
            options.shard(),
            start.interval().toMillis(),
            first.toMillis());
      } else if (action instanceof Action.SendIdentify) {
        identify();
      } else if (action instanceof Action.SendResume resume) {
        log.info(
            "shard {} resuming session {} from seq {}",
            options.shard(),
            resume.session().sessionId(),
            resume.session().sequence());
        priority(
            GatewayCodec.encode(
                new Resume(
                    options.token(), resume.session().sessionId(), resume.session().sequence())));
        // A replay may legitimately take long: the Resume is given up after a time without
        // progress (a replayed dispatch or RESUMED), not after a fixed time.
        resumeProgressNanos = options.scheduler().now(TimeUnit.NANOSECONDS);
        timers.watch(
            options.resumeTimeout(),
            () -> resumeProgressNanos,
            new Input.TimedOut(Input.Timeout.READY));
        sink.next(new ConnectionEvent.StateChanged(new GatewayState.Resuming(resume.session())));
      } else {
        end(action, before, sink);
      }
    }
  }

  /** Close and End: the actions any stream's rules may end the connection with. */
  private void end(Action action, ConnectionState before, SynchronousSink<ConnectionEvent> sink) {
    if (action instanceof Action.Close close) {
      Mono<Void> sent = connection.close(close.code(), "sluice").cache();
      closing = sent;
      sent.subscribe(null, e -> log.debug("close frame not sent: {}", e.toString()));
    } else if (action instanceof Action.End end) {
      ready = false;
      outbound.close(
          GatewayException.of(
              GatewayException.Kind.CONNECTION, "connection ended: " + end.reason()));
      ended =
          new ConnectionEvent.Ended(
              end.reason(), state.session().orElse(null), before.session().orElse(null));
      sink.next(ended);
    }
  }

  /** The last event, once the close frame is out (or after a grace period). */
  private Mono<ConnectionEvent> afterEnd() {
    if (ended == null) {
      return Mono.empty(); // cancelled from outside: nothing to report
    }
    return closing
        .timeout(CLOSE_GRACE, options.scheduler())
        .onErrorResume(e -> Mono.empty())
        .thenReturn(ended);
  }

  private Dispatched dispatched(GatewayPayload payload) {
    long now = options.scheduler().now(TimeUnit.MILLISECONDS);
    if (now != receivedMillis) {
      // Events arriving within one millisecond share their (immutable) receive time.
      receivedMillis = now;
      receivedAt = Instant.ofEpochMilli(now);
    }
    return new Dispatched(
        payload, new EventMeta(payload.type(), options.shard(), payload.sequence(), receivedAt));
  }

  private void identify() {
    byte[] frame = GatewayCodec.encode(options.identify());
    timers.identify(
        identifyLimiter.acquire(options.shard()),
        Mono.defer(
            () -> {
              log.info("shard {} identifying", options.shard());
              return outbound.priority(frame);
            }),
        options.readyTimeout(),
        e -> log.debug("identify not sent: {}", e.toString()));
  }

  private void priority(byte[] frame) {
    // A failed write means the socket is going away; its close input ends the connection.
    outbound.priority(frame).subscribe(null, e -> log.debug("write failed: {}", e.toString()));
  }

  private void cleanup() {
    ready = false;
    timers.dispose();
    outbound.close(GatewayException.of(GatewayException.Kind.CONNECTION, "connection closed"));
    connection.dispose();
    // The inflater is thread-safe: a frame still being inflated on the event loop finishes first;
    // one after this fails as a closed context, into a run that has already ended.
    decompressor.close();
  }
}
