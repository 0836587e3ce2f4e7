package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.event.EventMeta;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import dev.sluice.gateway.core.internal.compression.TransportDecompressor;
import dev.sluice.gateway.core.internal.session.Action;
import dev.sluice.gateway.core.internal.session.ConnectionState;
import dev.sluice.gateway.core.internal.session.Input;
import dev.sluice.gateway.core.internal.session.Phase;
import dev.sluice.gateway.core.internal.session.SessionMachine;
import dev.sluice.gateway.core.internal.session.Transition;
import dev.sluice.gateway.core.protocol.Opcode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.publisher.SynchronousSink;

/**
 * One connection, from handshake to its {@code DisconnectReason}. Inbound messages are inflated and
 * envelope-decoded on the Netty event loop, then split by opcode into heartbeat (1, 11), dispatch
 * (0) and control (7, 9, 10, errors) streams, merged with timer inputs, and fed in order to the
 * pure {@link SessionMachine}; its actions are performed here without blocking.
 *
 * <p>Created by {@link GatewayClient} per connection attempt; {@link #run()} is subscribed once.
 */
final class ConnectionRun {

  private static final Logger log = LoggerFactory.getLogger(ConnectionRun.class);
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
  private static final int HEARTBEAT_LANE = 0;
  private static final int DISPATCH_LANE = 1;
  private static final int CONTROL_LANE = 2;
  private static final int LANES = 3;

  private final GatewayClient client;
  private final GatewayClient.Options options;
  private final Transport.Connection connection;
  private final TransportDecompressor decompressor;
  private final OutboundQueue outbound;
  private final Sinks.Many<Input> timerInputs = Sinks.many().unicast().onBackpressureBuffer();
  private final Disposable.Swap heartbeat = Disposables.swap();
  private final Disposable.Composite tasks = Disposables.composite();
  // Confined to the serialized pipeline stage (step).
  private ConnectionState state;
  private long lastBeatNanos = -1;
  private long receivedMillis = Long.MIN_VALUE;
  private Instant receivedAt;
  private volatile Mono<Void> closing = Mono.empty();
  private volatile boolean ready;

  ConnectionRun(GatewayClient client, Transport.Connection connection, ConnectionState start) {
    this.client = client;
    this.options = client.options();
    this.connection = connection;
    this.state = start;
    this.decompressor =
        TransportDecompressor.create(options.compression(), options.maxMessageBytes());
    this.outbound = new OutboundQueue(connection, options.scheduler(), Duration.ofMillis(41_250));
  }

  /** Runs the connection; emits its final (ENDED) state. */
  Mono<ConnectionState> run() {
    Flux<Input> inbound =
        connection
            .receive(this::toInput)
            .concatWith(
                Mono.defer(() -> connection.closeCode().map(code -> new Input.Closed(code, null))))
            // A typed error of the transport (a fragmented message over the limit, fragments out
            // of order) is a rejected message; anything else means the connection is gone.
            .onErrorResume(
                e ->
                    Mono.just(
                        e instanceof GatewayException rejected
                            ? new Input.Failed(rejected)
                            : new Input.Closed(-1, e.getClass().getSimpleName())));
    // The opcode split: heartbeat, dispatch and control lanes, joined again (in arrival order,
    // with the timers' inputs) by one merge that requests without bound: the stage after it never
    // refuses an input, and slow subscribers have their own buffers, so nothing holds the socket
    // back. LaneSplit is publish + filter per lane without publish's per-element queue and
    // request churn (architecture.md, "Departures").
    Flux<Input> split =
        LaneSplit.split(
            inbound,
            ConnectionRun::lane,
            LANES,
            lanes ->
                Flux.merge(
                    Integer.MAX_VALUE,
                    lanes.get(HEARTBEAT_LANE),
                    lanes.get(DISPATCH_LANE),
                    lanes.get(CONTROL_LANE),
                    timerInputs.asFlux()));
    return Flux.defer(
            () -> {
              schedule(options.helloTimeout(), new Input.TimedOut(Input.Timeout.HELLO));
              return split;
            })
        .handle(this::step)
        .next()
        .flatMap(
            end ->
                closing
                    .timeout(CLOSE_GRACE, options.scheduler())
                    .onErrorResume(e -> Mono.empty())
                    .thenReturn(end))
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
    feed(new Input.CloseRequested(resumable));
  }

  private Input toInput(ByteBuffer message) {
    try {
      byte[] bytes = decompressor.decompress(message);
      return bytes == null ? null : Input.received(GatewayCodec.decode(bytes));
    } catch (GatewayException e) {
      return new Input.Failed(e);
    }
  }

  /** Which stream of the split an input belongs to: heartbeat (1, 11), dispatch (0), control. */
  private static int lane(Input input) {
    if (input instanceof Input.Received r) {
      Opcode op = r.payload().opcode();
      if (op == Opcode.DISPATCH) {
        return DISPATCH_LANE;
      }
      if (op == Opcode.HEARTBEAT || op == Opcode.HEARTBEAT_ACK) {
        return HEARTBEAT_LANE;
      }
    }
    return CONTROL_LANE; // 7, 9, 10, unknown opcodes, rejected messages
  }

  private void step(Input input, SynchronousSink<ConnectionState> sink) {
    ConnectionState before = state;
    Transition transition = SessionMachine.next(before, input);
    state = transition.state();
    if (input instanceof Input.Failed failed) {
      log.warn(
          "shard {} inbound message rejected: {}", options.shard(), failed.error().getMessage());
    }
    for (Action action : transition.actions()) {
      perform(action);
    }
    if (state.isEnded() && !before.isEnded()) {
      sink.next(state);
    }
  }

  private void perform(Action action) {
    if (action instanceof Action.Dispatch dispatch) {
      dispatch(dispatch.payload()); // first: nearly every action is one
    } else if (action instanceof Action.StartHeartbeat start) {
      startHeartbeat(start.interval());
    } else if (action instanceof Action.SendIdentify) {
      identify();
    } else if (action instanceof Action.SendResume resume) {
      client.emitState(new GatewayState.Resuming(resume.session()));
      log.info(
          "shard {} resuming session {} from seq {}",
          options.shard(),
          resume.session().sessionId(),
          resume.session().sequence());
      priority(
          GatewayCodec.encode(
              new dev.sluice.gateway.core.command.Resume(
                  options.token(), resume.session().sessionId(), resume.session().sequence())));
      schedule(options.readyTimeout(), new Input.TimedOut(Input.Timeout.READY));
    } else if (action instanceof Action.SendHeartbeat beat) {
      lastBeatNanos = options.scheduler().now(TimeUnit.NANOSECONDS);
      priority(GatewayCodec.encodeHeartbeat(beat.sequence()));
    } else if (action instanceof Action.HeartbeatAcked) {
      if (lastBeatNanos >= 0) {
        client.recordLatency(
            Duration.ofNanos(options.scheduler().now(TimeUnit.NANOSECONDS) - lastBeatNanos));
      }
    } else if (action instanceof Action.Close close) {
      Mono<Void> sent = connection.close(close.code(), "sluice").cache();
      closing = sent;
      sent.subscribe(null, e -> log.debug("close frame not sent: {}", e.toString()));
    } else if (action instanceof Action.End end) {
      ready = false;
      outbound.close(
          GatewayException.of(
              GatewayException.Kind.CONNECTION, "connection ended: " + end.reason()));
    }
  }

  private void dispatch(GatewayPayload payload) {
    ShardInfo shard = options.shard();
    long now = options.scheduler().now(TimeUnit.MILLISECONDS);
    if (now != receivedMillis) {
      // Events arriving within one millisecond share their (immutable) receive time.
      receivedMillis = now;
      receivedAt = Instant.ofEpochMilli(now);
    }
    client.emitDispatch(
        new Dispatched(
            payload, new EventMeta(payload.type(), shard, payload.sequence(), receivedAt)));
    if (state.phase() == Phase.CONNECTED && !ready) {
      ready = true;
      boolean resumed = "RESUMED".equals(payload.type());
      state.session().ifPresent(session -> client.onReady(this, session, resumed));
    }
  }

  private void identify() {
    client.emitState(
        new GatewayState.AwaitingIdentify(IdentifyWait.Reason.BUCKET, "identify limiter"));
    byte[] frame = GatewayCodec.encode(client.identifyPayload());
    tasks.add(
        client
            .identifyLimiter()
            .acquire(options.shard())
            .doOnNext(
                wait ->
                    client.emitState(
                        new GatewayState.AwaitingIdentify(wait.reason(), wait.detail())))
            .then(
                Mono.defer(
                    () -> {
                      client.emitState(new GatewayState.Identifying());
                      log.info("shard {} identifying", options.shard());
                      schedule(options.readyTimeout(), new Input.TimedOut(Input.Timeout.READY));
                      return outbound.priority(frame);
                    }))
            .subscribe(null, e -> log.debug("identify not sent: {}", e.toString())));
  }

  private void priority(byte[] frame) {
    // A failed write means the socket is going away; its close input ends the connection.
    outbound.priority(frame).subscribe(null, e -> log.debug("write failed: {}", e.toString()));
  }

  private void startHeartbeat(Duration interval) {
    outbound.heartbeatInterval(interval);
    long first = (long) (interval.toNanos() * options.jitter().getAsDouble());
    heartbeat.update(
        Flux.interval(Duration.ofNanos(first), interval, options.scheduler())
            .subscribe(tick -> feed(Input.tick())));
    log.info(
        "shard {} hello: heartbeat every {} ms, first in {} ms",
        options.shard(),
        interval.toMillis(),
        first / 1_000_000);
  }

  private void schedule(Duration delay, Input input) {
    tasks.add(Mono.delay(delay, options.scheduler()).subscribe(tick -> feed(input)));
  }

  private synchronized void feed(Input input) {
    // Serialized by this lock; after the run ends the sink is terminated and the result
    // (FAIL_TERMINATED / FAIL_CANCELLED) is deliberately ignored: the input is moot.
    timerInputs.tryEmitNext(input);
  }

  private void cleanup() {
    ready = false;
    heartbeat.dispose();
    tasks.dispose();
    outbound.close(GatewayException.of(GatewayException.Kind.CONNECTION, "connection closed"));
    synchronized (this) {
      timerInputs.tryEmitComplete();
    }
    connection.dispose();
    // The inflater is thread-safe: a frame still being inflated on the event loop finishes first;
    // one after this fails as a closed context, into a run that has already ended.
    decompressor.close();
  }
}
