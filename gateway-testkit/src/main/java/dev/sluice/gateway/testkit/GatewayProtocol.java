package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.internal.Json;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The fake server's protocol rules: Identify and Resume checks, sessions and their replay logs,
 * heartbeat ACKs, identify concurrency and the session budget. Every method holds this object's
 * lock; connections and test threads call in, payloads go out through {@link FakeGateway#send}.
 */
final class GatewayProtocol {

  enum AckMode {
    NORMAL,
    STOPPED,
    DELAYED
  }

  private final FakeGateway gateway;
  private final FakeGateway.Builder config;
  private final BotIdentity bot;
  private final Map<String, FakeSession> sessions = new LinkedHashMap<>();
  private final Map<Integer, Instant> lastIdentifyByBucket = new HashMap<>();
  private final List<FakeGateway.PostedMessage> posted = new ArrayList<>();
  private AckMode ackMode = AckMode.NORMAL;
  private Duration ackDelay = Duration.ZERO;
  private int skipOnResume;
  private int sessionsStarted;
  private int concurrencyViolations;
  private int remaining;
  private Instant budgetResetAt;

  GatewayProtocol(FakeGateway gateway, FakeGateway.Builder config) {
    this.gateway = gateway;
    this.config = config;
    this.bot = BotIdentity.fromToken(config.token);
    this.remaining = config.sessionRemaining;
    this.budgetResetAt = config.clock.instant().plus(config.sessionResetAfter);
  }

  synchronized void received(FakeConnection connection, GatewayPayload payload) {
    switch (payload.op()) {
      case 1 -> acknowledge(connection);
      case 2 -> identify(connection, payload);
      case 6 -> resume(connection, payload);
      case 3, 4, 8, 31, 43 -> {
        if (!connection.identified) {
          connection.terminate(4003, "not authenticated");
        } else if (payload.op() == 8) {
          answerMemberRequest(connection, payload);
        }
      }
      default -> connection.terminate(4001, "unknown opcode");
    }
  }

  private void acknowledge(FakeConnection connection) {
    String ack = ServerPayloads.control(11, null);
    switch (ackMode) {
      case NORMAL -> gateway.send(connection, ack);
      case STOPPED -> {}
      case DELAYED -> Mono.delay(ackDelay).subscribe(tick -> gateway.send(connection, ack));
    }
  }

  private void identify(FakeConnection connection, GatewayPayload payload) {
    if (connection.identified) {
      connection.terminate(4005, "already authenticated");
      return;
    }
    JsonNode d = tree(payload);
    if (d == null || !d.path("token").isString() || !d.path("intents").isIntegralNumber()) {
      connection.terminate(4002, "decode error");
      return;
    }
    if (!bot.accepts(config.token, d.path("token").asString())) {
      connection.terminate(4004, "authentication failed");
      return;
    }
    ShardInfo shard;
    try {
      JsonNode s = d.path("shard");
      shard = s.isArray() ? ShardInfo.of(s.get(0).asInt(), s.get(1).asInt()) : ShardInfo.SINGLE;
    } catch (IllegalArgumentException | NullPointerException e) {
      connection.terminate(4010, "invalid shard");
      return;
    }
    long intents = d.path("intents").asLong();
    try {
      Intents requested = Intents.fromBits(intents);
      if (!requested.without(config.disallowedIntents).equals(requested)) {
        connection.terminate(4014, "disallowed intent(s)");
        return;
      }
    } catch (IllegalArgumentException e) {
      connection.terminate(4013, "invalid intent(s)");
      return;
    }
    Instant now = gateway.now();
    int bucket = shard.id() % config.maxConcurrency;
    Instant last = lastIdentifyByBucket.get(bucket);
    if (last != null && now.isBefore(last.plus(config.identifyWindow))) {
      concurrencyViolations++;
      gateway.send(connection, ServerPayloads.control(9, "false"));
      return;
    }
    if (!now.isBefore(budgetResetAt)) {
      remaining = config.sessionTotal;
      budgetResetAt = now.plus(config.sessionResetAfter);
    }
    if (remaining == 0) {
      gateway.send(connection, ServerPayloads.control(9, "false"));
      return;
    }
    remaining--;
    lastIdentifyByBucket.put(bucket, now);
    sessionsStarted++;
    FakeSession session =
        new FakeSession(UUID.randomUUID().toString().replace("-", ""), shard, intents);
    sessions.put(session.id, session);
    attach(connection, session);
    sendDispatch(session, "READY", readyBody(session));
    for (String guild : guildsOf(shard)) {
      sendDispatch(session, "GUILD_CREATE", Events.guildCreate(guild, "Guild " + guild));
    }
  }

  private void resume(FakeConnection connection, GatewayPayload payload) {
    if (connection.identified) {
      connection.terminate(4005, "already authenticated");
      return;
    }
    JsonNode d = tree(payload);
    if (d == null || !d.path("session_id").isString() || !d.path("seq").isIntegralNumber()) {
      connection.terminate(4002, "decode error");
      return;
    }
    if (!bot.accepts(config.token, d.path("token").asString(""))) {
      connection.terminate(4004, "authentication failed");
      return;
    }
    FakeSession session = sessions.get(d.path("session_id").asString());
    long seq = d.path("seq").asLong();
    if (session == null || !session.isValid() || seq > session.sequence()) {
      gateway.send(connection, ServerPayloads.control(9, "false"));
      return;
    }
    if (session.connection != null && session.connection != connection) {
      session.connection.terminate(
          GatewayCloseCode.UNKNOWN_ERROR.code(), "session resumed elsewhere");
    }
    attach(connection, session);
    List<FakeSession.Logged> replay = session.after(seq);
    int skip = Math.min(skipOnResume, replay.size());
    skipOnResume -= skip;
    for (FakeSession.Logged logged : replay.subList(skip, replay.size())) {
      gateway.send(
          connection, ServerPayloads.dispatch(logged.sequence(), logged.type(), logged.data()));
    }
    gateway.send(connection, ServerPayloads.dispatch(session.nextUnlogged(), "RESUMED", "{}"));
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
      gateway.send(connection, ServerPayloads.dispatch(logged.sequence(), type, data));
    }
  }

  synchronized int dispatch(String type, String data, int shardId) {
    int count = 0;
    for (FakeSession session : sessions.values()) {
      if (session.isValid() && (shardId < 0 || session.shard.id() == shardId)) {
        sendDispatch(session, type, data);
        count++;
      }
    }
    return count;
  }

  private void answerMemberRequest(FakeConnection connection, GatewayPayload payload) {
    JsonNode d = tree(payload);
    String guild = d == null ? null : d.path("guild_id").asString(null);
    String nonce = d == null ? null : d.path("nonce").asString(null);
    String body =
        "{\"guild_id\":"
            + ServerPayloads.quote(guild)
            + ",\"members\":[],\"chunk_index\":0,\"chunk_count\":1"
            + (nonce == null ? "" : ",\"nonce\":" + ServerPayloads.quote(nonce))
            + "}";
    sendDispatch(connection.session, "GUILD_MEMBERS_CHUNK", body);
  }

  synchronized void invalidSession(boolean resumable) {
    gateway.eachConnection(
        c -> {
          gateway.send(c, ServerPayloads.control(9, Boolean.toString(resumable)));
          if (!resumable && c.session != null) {
            c.session.invalidate();
          }
        });
  }

  synchronized void closeAll(int code, String reason) {
    GatewayCloseCode closeCode = GatewayCloseCode.of(code);
    boolean endsSession = !closeCode.canResume();
    gateway.eachConnection(
        c -> {
          if (endsSession && c.session != null) {
            c.session.invalidate();
          }
          c.terminate(code, reason);
        });
  }

  synchronized void clientEndedSession(FakeConnection connection) {
    if (connection.session != null) {
      connection.session.invalidate();
    }
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
    dispatch("MESSAGE_CREATE", data, -1);
  }

  synchronized List<FakeGateway.PostedMessage> postedMessages() {
    return List.copyOf(posted);
  }

  synchronized int sessionsStarted() {
    return sessionsStarted;
  }

  synchronized int concurrencyViolations() {
    return concurrencyViolations;
  }

  synchronized int remainingSessionStarts() {
    return remaining;
  }

  synchronized String gatewayBotBody() {
    long resetAfter = Math.max(0, Duration.between(gateway.now(), budgetResetAt).toMillis());
    return "{\"url\":"
        + ServerPayloads.quote(gateway.url())
        + ",\"shards\":"
        + config.shards
        + ",\"session_start_limit\":{\"total\":"
        + config.sessionTotal
        + ",\"remaining\":"
        + remaining
        + ",\"reset_after\":"
        + resetAfter
        + ",\"max_concurrency\":"
        + config.maxConcurrency
        + "}}";
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

  private String readyBody(FakeSession session) {
    StringBuilder guilds = new StringBuilder("[");
    for (String id : guildsOf(session.shard)) {
      guilds
          .append(guilds.length() > 1 ? "," : "")
          .append("{\"id\":\"")
          .append(id)
          .append("\",\"unavailable\":true}");
    }
    guilds.append(']');
    return "{\"v\":10,\"user\":"
        + bot.userJson()
        + ",\"guilds\":"
        + guilds
        + ",\"session_id\":\""
        + session.id
        + "\",\"resume_gateway_url\":"
        + ServerPayloads.quote(gateway.resumeUrl())
        + ",\"shard\":["
        + session.shard.id()
        + ","
        + session.shard.count()
        + "],\"application\":{\"id\":\""
        + bot.id()
        + "\",\"flags\":0}}";
  }

  private static JsonNode tree(GatewayPayload payload) {
    try {
      JsonNode node = Json.MAPPER.readTree(payload.data().asString());
      return node != null && node.isObject() ? node : null;
    } catch (JacksonException e) {
      return null;
    }
  }
}
