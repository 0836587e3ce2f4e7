package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.command.Identify;
import dev.sluice.gateway.core.command.Resume;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.core.protocol.Opcode;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A simulated Discord gateway in virtual time, as a {@link Transport}: it plays the protocol as
 * Discord does (Hello, READY with a new session, Resume replayed from its sequence then RESUMED,
 * ACKs, op 9 {@code false} for a Resume it cannot honour, session invalidation on 1000 and on the
 * close codes that end a session), and misbehaves as its fault knobs say ({@link SimFaults}). It
 * records what it sent per session and checks what it receives ({@link #violations}).
 *
 * <p>Confined to the thread that advances the {@link VirtualTimeScheduler}: every reply is a task
 * on it, so nothing reaches the client re-entrantly.
 */
final class SimDiscord implements Transport {

  static final String GATEWAY = "wss://gateway.sim";
  static final String RESUME = "wss://resume.sim";

  final VirtualTimeScheduler clock;
  final SimFaults faults;
  private final SplittableRandom random;
  final Map<String, SimSession> sessions = new HashMap<>();
  final List<SimConnection> connections = new ArrayList<>();
  final List<String> violations = new ArrayList<>();
  final List<String> userCommands = new ArrayList<>();

  /** Per shard id, the virtual nanoseconds of every Identify. */
  final Map<Integer, List<Long>> identifies = new HashMap<>();

  /** When a fatal close code was sent to a shard (by shard id), or absent. */
  final Map<Integer, Long> fatalAt = new HashMap<>();

  private final Map<Integer, SimSession> current = new HashMap<>();
  private int sessionCount;

  SimDiscord(VirtualTimeScheduler clock, SimFaults faults, SplittableRandom random) {
    this.clock = clock;
    this.faults = faults;
    this.random = random;
  }

  long nanos() {
    return clock.now(TimeUnit.NANOSECONDS);
  }

  void later(long millis, Runnable task) {
    clock.schedule(task, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public Mono<Connection> connect(String url) {
    return Mono.defer(
        () -> {
          if (faults.refuse) {
            return Mono.error(new ConnectException("refused by the simulation"));
          }
          boolean compress = url.contains("compress=zlib-stream");
          SimConnection c =
              new SimConnection(this, connections.size(), url, compress, faults.split);
          connections.add(c);
          if (faults.reconnectBeforeHello) {
            c.push("{\"t\":null,\"s\":null,\"op\":7,\"d\":null}");
          }
          if (!faults.helloSilent) {
            later(faults.helloDelayMillis, () -> hello(c));
          }
          return Mono.just(c);
        });
  }

  /** Sends Hello to a connection still waiting for it (also a late one after a silence). */
  void hello(SimConnection c) {
    if (c.open && !c.helloSent) {
      c.helloSent = true;
      c.push(
          "{\"t\":null,\"s\":null,\"op\":10,\"d\":{\"heartbeat_interval\":"
              + faults.heartbeatMillis
              + "}}");
    }
  }

  /** The open connection of a shard (the latest), or null. */
  SimConnection open(int shard) {
    for (int i = connections.size() - 1; i >= 0; i--) {
      SimConnection c = connections.get(i);
      if (c.open && c.shard == shard) {
        return c;
      }
    }
    return null;
  }

  /** Every open connection. */
  List<SimConnection> openConnections() {
    return connections.stream().filter(c -> c.open).toList();
  }

  /** The session a shard's dispatches go to: its latest valid one, or null. */
  SimSession currentSession(int shard) {
    SimSession s = current.get(shard);
    return s != null && s.valid ? s : null;
  }

  /** A dispatch on the shard's current session: pushed if attached to an open connection. */
  void dispatch(int shard, String type) {
    SimSession s = currentSession(shard);
    if (s == null) {
      return;
    }
    String frame = s.append(type, "\"n\":" + s.frames.size());
    if (s.attached != null && s.attached.open) {
      s.attached.pushDispatch(frame, s.last());
    }
  }

  void received(SimConnection c, String text) {
    if (text.startsWith("{\"op\":1,")) {
      heartbeat(c, text); // the client's own encoding, the one message on every beat
      return;
    }
    GatewayPayload payload = GatewayCodec.decode(text);
    Opcode op = payload.opcode();
    if (op == Opcode.HEARTBEAT) {
      heartbeat(c, text);
    } else if (op == Opcode.IDENTIFY) {
      identify(c, GatewayCodec.decodeIdentify(payload));
    } else if (op == Opcode.RESUME) {
      resume(c, GatewayCodec.decodeResume(payload));
    } else {
      if (!c.live) {
        violations.add("connection " + c.id + ": a user command before READY/RESUMED: " + text);
      }
      userCommands.add(text);
    }
  }

  private void heartbeat(SimConnection c, String text) {
    String d = text.substring(text.indexOf("\"d\":") + 4, text.lastIndexOf('}'));
    long carried = "null".equals(d) ? -1 : Long.parseLong(d);
    if (c.clientSeq != null && carried != c.clientSeq) {
      violations.add(
          "connection " + c.id + ": heartbeat carried " + d + ", latest sent " + c.clientSeq);
    }
    switch (faults.acks) {
      case NORMAL -> later(0, () -> ack(c));
      case DELAYED -> later(faults.ackDelayMillis, () -> ack(c));
      case STOPPED -> {}
    }
  }

  private void ack(SimConnection c) {
    c.push("{\"t\":null,\"s\":null,\"op\":11,\"d\":null}");
  }

  private void handshake(SimConnection c, SimConnection.Handshake kind) {
    if (!c.helloSent) {
      violations.add("connection " + c.id + ": " + kind + " before Hello");
    }
    if (c.handshake != SimConnection.Handshake.NONE) {
      violations.add("connection " + c.id + ": a second handshake (" + kind + ")");
    }
    c.handshake = kind;
  }

  private void identify(SimConnection c, Identify identify) {
    handshake(c, SimConnection.Handshake.IDENTIFIED);
    int shard = identify.shard().id();
    c.shard = shard;
    identifies.computeIfAbsent(shard, k -> new ArrayList<>()).add(nanos());
    if (!c.url.startsWith(GATEWAY + "/?")) {
      violations.add("connection " + c.id + ": Identify on " + c.url);
    }
    c.clientSeq = -1L;
    if (faults.identifyRefused) {
      later(0, () -> invalidSession(c, false));
    } else if (!faults.readySilent) {
      later(faults.readyDelayMillis, () -> ready(c, shard));
    }
  }

  private void ready(SimConnection c, int shard) {
    if (!c.open) {
      return;
    }
    SimSession s = new SimSession("s" + (++sessionCount), shard);
    sessions.put(s.id, s);
    SimSession previous = current.put(shard, s);
    if (previous != null) {
      previous.valid = false; // one session per shard
    }
    attach(c, s);
    String url = faults.omitResumeUrl ? "" : ",\"resume_gateway_url\":\"" + RESUME + "\"";
    String frame = s.append("READY", "\"v\":10,\"session_id\":\"" + s.id + "\"" + url);
    c.live = true;
    c.pushDispatch(frame, 1);
  }

  private void attach(SimConnection c, SimSession s) {
    if (s.attached != null && s.attached != c && s.attached.open) {
      violations.add("session " + s.id + " on two open connections");
    }
    s.attached = c;
    c.session = s;
  }

  private void resume(SimConnection c, Resume resume) {
    handshake(c, SimConnection.Handshake.RESUMED);
    SimSession s = sessions.get(resume.sessionId());
    c.clientSeq = resume.seq();
    if (s != null) {
      c.shard = s.shard;
    }
    if (s == null || !s.valid || resume.seq() > s.last() || resume.seq() < 0) {
      if (s != null && resume.seq() > s.last()) {
        violations.add("Resume of " + s.id + " at " + resume.seq() + " > sent " + s.last());
      }
      later(0, () -> invalidSession(c, false));
      return;
    }
    attach(c, s);
    int from = (int) Math.max(0, resume.seq() - faults.replayOverlap);
    for (int i = from; i < s.frames.size(); i++) {
      c.pushDispatch(s.frames.get(i), i + 1);
      if (faults.replayDuplicates && random.nextInt(4) == 0) {
        c.pushDispatch(s.frames.get(i), i + 1);
      }
    }
    if (!faults.resumedSilent) {
      later(faults.resumedDelayMillis, () -> resumed(c, s));
    }
  }

  private void resumed(SimConnection c, SimSession s) {
    if (c.open && c.session == s && s.valid) {
      String frame = s.append("RESUMED", "");
      c.live = true;
      c.pushDispatch(frame, s.last());
    }
  }

  /** Op 9 to a connection; {@code false} also ends its session. */
  void invalidSession(SimConnection c, boolean resumable) {
    if (!c.open) {
      return;
    }
    if (!resumable && c.session != null) {
      c.session.valid = false;
    }
    c.push("{\"t\":null,\"s\":null,\"op\":9,\"d\":" + resumable + "}");
  }

  /** A close frame from the server; codes that end a session invalidate it. */
  void close(SimConnection c, int code) {
    if (!c.open) {
      return;
    }
    GatewayCloseCode meaning = GatewayCloseCode.of(code);
    if (!meaning.canResume() && c.session != null) {
      c.session.valid = false;
    }
    if (meaning.isFatal()) {
      fatalAt.putIfAbsent(c.shard, nanos());
    }
    c.end(code);
  }

  void clientClosed(SimConnection c, int code) {
    if ((code == 1000 || code == 1001) && c.session != null) {
      c.session.valid = false;
    }
  }

  void ended(SimConnection c) {
    c.live = false;
  }

  /** Drops a session while no connection carries it, as Discord does after a while. */
  void expire(int shard) {
    SimSession s = currentSession(shard);
    if (s != null && (s.attached == null || !s.attached.open)) {
      s.valid = false;
    }
  }
}
