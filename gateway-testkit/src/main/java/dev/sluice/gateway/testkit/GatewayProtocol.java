package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.core.protocol.Opcode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The fake server's protocol rules: Identify and Resume checks, sessions and their replay logs,
 * heartbeat ACKs and the answers to requests; {@link IdentifyGate} decides which Identifies start a
 * session. Every method holds this object's lock; connections and test threads call in, payloads go
 * out through {@link Connections#send}.
 */
final class GatewayProtocol {

  enum AckMode {
    NORMAL,
    STOPPED,
    DELAYED
  }

  private final FakeGateway gateway;
  private final Connections wire;
  private final FakeGatewayBuilder config;
  private final BotIdentity bot;
  private final IdentifyGate gate;
  private final Map<String, FakeSession> sessions = new LinkedHashMap<>();
  private final List<FakeGateway.PostedMessage> posted = new ArrayList<>();
  private AckMode ackMode = AckMode.NORMAL;
  private Duration ackDelay = Duration.ZERO;
  private int skipOnResume;

  GatewayProtocol(FakeGateway gateway, Connections wire, FakeGatewayBuilder config) {
    this.gateway = gateway;
    this.wire = wire;
    this.config = config;
    this.bot = BotIdentity.fromToken(config.token);
    this.gate = new IdentifyGate(config, wire.now());
  }

  synchronized void received(FakeConnection connection, GatewayPayload payload) {
    Opcode opcode = payload.opcode();
    switch (opcode) {
      case HEARTBEAT -> acknowledge(connection);
      case IDENTIFY -> identify(connection, payload);
      case RESUME -> resume(connection, payload);
      case PRESENCE_UPDATE,
          VOICE_STATE_UPDATE,
          REQUEST_GUILD_MEMBERS,
          REQUEST_SOUNDBOARD_SOUNDS,
          REQUEST_CHANNEL_INFO -> {
        if (!connection.identified) {
          connection.terminate(GatewayCloseCode.NOT_AUTHENTICATED);
        } else if (opcode == Opcode.REQUEST_GUILD_MEMBERS) {
          answerMemberRequest(connection, payload);
        }
      }
      default -> connection.terminate(GatewayCloseCode.UNKNOWN_OPCODE);
    }
  }

  private void acknowledge(FakeConnection connection) {
    ServerPayload ack = ServerPayload.control(Opcode.HEARTBEAT_ACK, null);
    switch (ackMode) {
      case NORMAL -> wire.send(connection, ack);
      case STOPPED -> {}
      case DELAYED ->
          Mono.delay(ackDelay, config.scheduler).subscribe(tick -> wire.send(connection, ack));
    }
  }

  private void identify(FakeConnection connection, GatewayPayload payload) {
    if (connection.identified) {
      connection.terminate(GatewayCloseCode.ALREADY_AUTHENTICATED);
      return;
    }
    JsonNode d = HandshakeChecks.body(payload);
    Optional<GatewayCloseCode> refusal = HandshakeChecks.refuseIdentify(d, bot, config);
    if (refusal.isPresent()) {
      connection.terminate(refusal.get());
      return;
    }
    ShardInfo shard = HandshakeChecks.shardOf(d).orElseThrow();
    switch (gate.admit(shard, wire.now())) {
      case ADMITTED -> startSession(connection, shard, d.path("intents").asLong());
      case BUCKET_BUSY, BUDGET_SPENT -> wire.send(connection, ServerPayload.invalidSession(false));
    }
  }

  private void startSession(FakeConnection connection, ShardInfo shard, long intents) {
    FakeSession session =
        new FakeSession(UUID.randomUUID().toString().replace("-", ""), shard, intents);
    sessions.put(session.id, session);
    attach(connection, session);
    List<String> guilds = guildsOf(shard);
    sendDispatch(
        session,
        "READY",
        ServerPayloads.ready(bot, session.id, shard, guilds, gateway.resumeUrl()));
    for (String guild : guilds) {
      sendDispatch(session, "GUILD_CREATE", Events.guildCreate(guild, "Guild " + guild));
    }
  }

  private void resume(FakeConnection connection, GatewayPayload payload) {
    if (connection.identified) {
      connection.terminate(GatewayCloseCode.ALREADY_AUTHENTICATED);
      return;
    }
    JsonNode d = HandshakeChecks.body(payload);
    if (d == null || !d.path("session_id").isString() || !d.path("seq").isIntegralNumber()) {
      connection.terminate(GatewayCloseCode.DECODE_ERROR);
      return;
    }
    if (!bot.accepts(config.token, d.path("token").asString(""))) {
      connection.terminate(GatewayCloseCode.AUTHENTICATION_FAILED);
      return;
    }
    FakeSession session = sessions.get(d.path("session_id").asString());
    long seq = d.path("seq").asLong();
    if (session == null || !session.isValid() || seq > session.sequence()) {
      wire.send(connection, ServerPayload.invalidSession(false));
      return;
    }
    if (session.connection != null && session.connection != connection) {
      session.connection.terminate(GatewayCloseCode.UNKNOWN_ERROR, "session resumed elsewhere");
    }
    attach(connection, session);
    replay(connection, session, seq);
  }

  /** Every dispatch after {@code seq} (less those to skip), then RESUMED (GATEWAY.md 7.3). */
  private void replay(FakeConnection connection, FakeSession session, long seq) {
    List<FakeSession.Logged> missed = session.after(seq);
    int skip = Math.min(skipOnResume, missed.size());
    skipOnResume -= skip;
    for (FakeSession.Logged logged : missed.subList(skip, missed.size())) {
      wire.send(
          connection, ServerPayload.dispatch(logged.sequence(), logged.type(), logged.data()));
    }
    wire.send(connection, ServerPayload.dispatch(session.nextUnlogged(), "RESUMED", "{}"));
  }

  private void attach(FakeConnection connection, FakeSession session) {
    connection.identified = true;
    connection.session = session;
    session.connection = connection;
  }

  private void sendDispatch(FakeSession session, String type, String data) {
    FakeSession.Logged logged = session.next(type, data);
    FakeConnection connection = session.connection;
    if (connection != null) {
      wire.send(connection, ServerPayload.dispatch(logged.sequence(), type, data));
    }
  }

  /** Dispatches to every valid session, or to those of one shard. */
  synchronized int dispatch(String type, String data, OptionalInt shardId) {
    int count = 0;
    for (FakeSession session : sessions.values()) {
      if (session.isValid() && (shardId.isEmpty() || session.shard.id() == shardId.getAsInt())) {
        sendDispatch(session, type, data);
        count++;
      }
    }
    return count;
  }

  private void answerMemberRequest(FakeConnection connection, GatewayPayload payload) {
    JsonNode d = HandshakeChecks.body(payload);
    String guild = d == null ? null : d.path("guild_id").asString(null);
    String nonce = d == null ? null : d.path("nonce").asString(null);
    sendDispatch(
        connection.session, "GUILD_MEMBERS_CHUNK", ServerPayloads.membersChunk(guild, nonce));
  }

  synchronized void invalidSession(boolean resumable) {
    wire.each(
        c -> {
          wire.send(c, ServerPayload.invalidSession(resumable));
          if (!resumable && c.session != null) {
            c.session.invalidate();
          }
        });
  }

  /** Closes every connection; a code after which Discord would not resume ends the sessions. */
  synchronized void closeAll(int code, String reason) {
    boolean endsSession = !GatewayCloseCode.of(code).canResume();
    wire.each(
        c -> {
          if (endsSession && c.session != null) {
            c.session.invalidate();
          }
          c.terminate(code, reason);
        });
  }

  /**
   * A client closed (with a close frame, or by dropping the socket): its session is detached at
   * once, so later dispatches are logged for the replay instead of going to a closing connection; a
   * close with 1000 or 1001 ends the session (GATEWAY.md 7.1).
   */
  synchronized void clientClosed(FakeConnection connection, OptionalInt code) {
    if (code.isPresent()
        && !GatewayCloseCode.keepsSession(code.getAsInt())
        && connection.session != null) {
      connection.session.invalidate();
    }
    detached(connection);
  }

  synchronized void detached(FakeConnection connection) {
    if (connection.session != null && connection.session.connection == connection) {
      connection.session.connection = null;
    }
  }

  synchronized void acks(AckMode mode, Duration delay) {
    this.ackMode = mode;
    this.ackDelay = delay;
  }

  synchronized void skipOnResume(int count) {
    this.skipOnResume = count;
  }

  synchronized void posted(FakeGateway.PostedMessage message, String data) {
    posted.add(message);
    dispatch("MESSAGE_CREATE", data, OptionalInt.empty());
  }

  synchronized List<FakeGateway.PostedMessage> postedMessages() {
    return List.copyOf(posted);
  }

  synchronized int sessionsStarted() {
    return gate.started();
  }

  synchronized int concurrencyViolations() {
    return gate.violations();
  }

  synchronized int remainingSessionStarts() {
    return gate.remaining();
  }

  synchronized String gatewayBotBody() {
    return ServerPayloads.gatewayBot(
        gateway.url(), config.shards, gate.sessionStartLimitJson(wire.now()));
  }

  boolean authorized(String header) {
    return header != null
        && header.startsWith("Bot ")
        && bot.accepts(config.token, header.substring(4));
  }

  BotIdentity bot() {
    return bot;
  }

  private List<String> guildsOf(ShardInfo shard) {
    return config.guildIds.stream()
        .filter(id -> ShardInfo.forGuild(Long.parseUnsignedLong(id), shard.count()) == shard.id())
        .toList();
  }
}
