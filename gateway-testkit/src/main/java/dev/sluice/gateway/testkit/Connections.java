package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The fake's side of every connection: which are open, which still wait for Hello, and the {@link
 * Transcript} of everything that crossed them. {@link FakeConnection}s report here from their event
 * loops; {@link GatewayProtocol} and test threads send through here, so that every payload is
 * recorded as it is queued. Thread-safe: the registry is guarded by its own lock, never held while
 * sending.
 */
final class Connections {

  private final FakeGatewayBuilder config;
  private final Transcript transcript = new Transcript();
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, FakeConnection> open = new LinkedHashMap<>();
  private final Set<FakeConnection> awaitingHello = new LinkedHashSet<>();
  private boolean withholdHello;

  Connections(FakeGatewayBuilder config) {
    this.config = config;
  }

  int nextId() {
    return ids.incrementAndGet();
  }

  Transcript transcript() {
    return transcript;
  }

  Instant now() {
    return config.now();
  }

  /** Registers a connection and greets it with Hello, unless Hello is withheld. */
  void opened(FakeConnection connection) {
    transcript.add(new Frame.Opened(now(), connection.id, connection.path));
    boolean greet;
    synchronized (open) {
      open.put(connection.id, connection);
      greet = !withholdHello;
      if (!greet) {
        awaitingHello.add(connection);
      }
    }
    if (greet) {
      hello(connection);
    }
  }

  void closed(FakeConnection connection) {
    synchronized (open) {
      open.remove(connection.id);
      awaitingHello.remove(connection);
    }
  }

  /**
   * Withholds Hello from connections opened from now on, or stops withholding it: then every open
   * connection still waiting gets its Hello at once.
   */
  void withholdHello(boolean withhold) {
    List<FakeConnection> released;
    synchronized (open) {
      withholdHello = withhold;
      released = withhold ? List.of() : new ArrayList<>(awaitingHello);
      if (!withhold) {
        awaitingHello.clear();
      }
    }
    released.forEach(this::hello);
  }

  private void hello(FakeConnection connection) {
    send(connection, ServerPayload.hello(config.heartbeatInterval.toMillis()));
  }

  /**
   * Records and queues a payload; a connection that is ending drops it, unrecorded (the transcript
   * shows only what went out).
   */
  void send(FakeConnection connection, ServerPayload payload) {
    connection.send(
        payload.json(),
        () ->
            transcript.add(
                new Frame.Payload(
                    now(),
                    connection.id,
                    Frame.Direction.SERVER_TO_CLIENT,
                    payload.opcode(),
                    payload.sequence(),
                    payload.type(),
                    payload.json())));
  }

  /** Records and queues text that is not a payload. */
  void sendRaw(FakeConnection connection, String text) {
    recordRaw(connection, false, text);
    connection.sendRaw(text.getBytes(StandardCharsets.UTF_8));
  }

  void recordReceived(FakeConnection connection, String json, GatewayPayload payload) {
    transcript.add(
        new Frame.Payload(
            now(),
            connection.id,
            Frame.Direction.CLIENT_TO_SERVER,
            payload.opcode(),
            payload.hasSequence() ? OptionalLong.of(payload.sequence()) : OptionalLong.empty(),
            Optional.ofNullable(payload.type()),
            json));
  }

  void recordRaw(FakeConnection connection, boolean fromClient, String note) {
    transcript.add(
        new Frame.Raw(
            now(),
            connection.id,
            fromClient ? Frame.Direction.CLIENT_TO_SERVER : Frame.Direction.SERVER_TO_CLIENT,
            note));
  }

  void recordClose(FakeConnection connection, OptionalInt code, String reason, boolean byClient) {
    transcript.add(new Frame.Closed(now(), connection.id, byClient, code, reason));
  }

  /** Runs {@code action} on a snapshot of the open connections, outside the registry's lock. */
  void each(Consumer<FakeConnection> action) {
    List<FakeConnection> snapshot;
    synchronized (open) {
      snapshot = new ArrayList<>(open.values());
    }
    snapshot.forEach(action);
  }

  int count() {
    synchronized (open) {
      return open.size();
    }
  }
}
