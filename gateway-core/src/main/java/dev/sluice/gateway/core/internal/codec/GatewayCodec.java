package dev.sluice.gateway.core.internal.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.GatewayException.Kind;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.command.GatewayCommand;
import dev.sluice.gateway.core.command.Identify;
import dev.sluice.gateway.core.command.IdentifyProperties;
import dev.sluice.gateway.core.command.RequestChannelInfo;
import dev.sluice.gateway.core.command.RequestGuildMembers;
import dev.sluice.gateway.core.command.RequestSoundboardSounds;
import dev.sluice.gateway.core.command.Resume;
import dev.sluice.gateway.core.command.UpdatePresence;
import dev.sluice.gateway.core.command.UpdateVoiceState;
import dev.sluice.gateway.core.internal.Json;
import dev.sluice.gateway.core.protocol.Opcode;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;

/**
 * The gateway's JSON codec. Decoding reads only the envelope with Jackson's streaming parser and
 * keeps {@code d} as a {@link RawJson} view (no tree, no copy); encoding refuses any payload over
 * Discord's 4096-byte limit before it could reach a socket.
 *
 * <p>Stateless and thread-safe.
 */
public final class GatewayCodec {

  /** Discord closes with 4002 on any payload larger than this many bytes. */
  public static final int MAX_OUTBOUND_BYTES = 4096;

  private GatewayCodec() {}

  /** Decodes a message received as text. */
  public static GatewayPayload decode(String text) {
    return decode(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes a whole message. The payload's {@code d} is a view on {@code message}: do not reuse it.
   */
  public static GatewayPayload decode(byte[] message) {
    return decode(message, 0, message.length);
  }

  /**
   * Decodes {@code length} bytes of {@code buffer} from {@code offset}. Absent and null {@code s},
   * {@code t} and {@code d} are the same; unknown keys are skipped.
   *
   * <p>The body is kept raw. When it came last, after {@code op}, {@code s} and {@code t} (as
   * Discord sends it), it is not even scanned here: its end, its nesting and whatever follows it
   * are checked when it is first read, which then throws the DECODE error instead.
   *
   * @throws GatewayException of kind DECODE when the message is not a JSON object with an integer
   *     {@code op} (fitting an int), with {@code s} null or a non-negative integer, {@code t} null
   *     or a string, none of {@code op}, {@code s}, {@code t}, {@code d} twice, and an object or
   *     array body that ends and nests at most 500 levels deep
   */
  public static GatewayPayload decode(byte[] buffer, int offset, int length) {
    return EnvelopeReader.read(buffer, offset, length);
  }

  /**
   * Encodes a user command.
   *
   * @throws GatewayException of kind PAYLOAD_TOO_LARGE over 4096 bytes
   */
  public static byte[] encode(GatewayCommand command) {
    return envelope(command.opcode(), command);
  }

  /**
   * Encodes Identify.
   *
   * @throws GatewayException of kind PAYLOAD_TOO_LARGE over 4096 bytes (a large presence can do it)
   */
  public static byte[] encode(Identify identify) {
    return envelope(
        Opcode.IDENTIFY,
        new IdentifyWire(
            identify.token().reveal(),
            identify.intents().bits(),
            identify.properties(),
            identify.shard(),
            identify.largeThreshold(),
            identify.presence(),
            identify.compress()));
  }

  /** Encodes Resume. */
  public static byte[] encode(Resume resume) {
    return envelope(
        Opcode.RESUME, new ResumeWire(resume.token().reveal(), resume.sessionId(), resume.seq()));
  }

  /** Encodes a heartbeat carrying {@code sequence}, or {@code null} when it is negative. */
  public static byte[] encodeHeartbeat(long sequence) {
    String d = sequence < 0 ? "null" : Long.toString(sequence);
    return ("{\"op\":1,\"d\":" + d + "}").getBytes(StandardCharsets.US_ASCII);
  }

  /** Encodes any payload from an opcode and a body; for the testkit and raw escape hatches. */
  public static byte[] encode(int op, Object data) {
    byte[] bytes = Json.MAPPER.writeValueAsBytes(new Envelope(op, data));
    return checkSize(bytes);
  }

  private static byte[] envelope(Opcode op, Object data) {
    return encode(op.code(), data);
  }

  private static byte[] checkSize(byte[] bytes) {
    if (bytes.length > MAX_OUTBOUND_BYTES) {
      throw GatewayException.of(
          Kind.PAYLOAD_TOO_LARGE,
          "payload of " + bytes.length + " bytes exceeds " + MAX_OUTBOUND_BYTES);
    }
    return bytes;
  }

  /**
   * Decodes a user command (ops 3, 4, 8, 31, 43), as the fake gateway does.
   *
   * @throws GatewayException of kind DECODE for other opcodes or a malformed body
   */
  public static GatewayCommand decodeCommand(GatewayPayload payload) {
    Class<? extends GatewayCommand> type =
        switch (payload.opcode()) {
          case PRESENCE_UPDATE -> UpdatePresence.class;
          case VOICE_STATE_UPDATE -> UpdateVoiceState.class;
          case REQUEST_GUILD_MEMBERS -> RequestGuildMembers.class;
          case REQUEST_SOUNDBOARD_SOUNDS -> RequestSoundboardSounds.class;
          case REQUEST_CHANNEL_INFO -> RequestChannelInfo.class;
          default ->
              throw GatewayException.of(
                  Kind.DECODE, "op " + payload.op() + " is not a user command");
        };
    return bind(payload, type);
  }

  /** Decodes an Identify body, as the fake gateway does. */
  public static Identify decodeIdentify(GatewayPayload payload) {
    IdentifyWire wire = bind(payload, IdentifyWire.class);
    return new Identify(
        BotToken.of(wire.token()),
        Intents.fromBits(wire.intents()),
        wire.properties(),
        wire.shard(),
        wire.largeThreshold(),
        wire.presence(),
        wire.compress());
  }

  /** Decodes a Resume body, as the fake gateway does. */
  public static Resume decodeResume(GatewayPayload payload) {
    ResumeWire wire = bind(payload, ResumeWire.class);
    return new Resume(BotToken.of(wire.token()), wire.sessionId(), wire.seq());
  }

  private static <T> T bind(GatewayPayload payload, Class<T> type) {
    RawJson data = payload.data();
    try {
      T value = Json.MAPPER.readValue(data.buffer(), data.offset(), data.length(), type);
      if (value == null) {
        throw GatewayException.of(Kind.DECODE, "op " + payload.op() + " without a body");
      }
      return value;
    } catch (JacksonException | IllegalArgumentException e) {
      throw GatewayException.of(Kind.DECODE, "malformed body for op " + payload.op(), e);
    }
  }

  /** A session as JSON, for a {@code SessionStore}. */
  public static String writeSession(Session session) {
    return Json.MAPPER.writeValueAsString(session);
  }

  /**
   * A session from JSON written by {@link #writeSession}.
   *
   * @throws GatewayException of kind DECODE when the JSON is not a valid session
   */
  public static Session readSession(String json) {
    try {
      return Json.MAPPER.readValue(json, Session.class);
    } catch (JacksonException | IllegalArgumentException e) {
      throw GatewayException.of(Kind.DECODE, "malformed session", e);
    }
  }

  /**
   * Reads a REST body (for example {@code GET /gateway/bot}) into a model type.
   *
   * @throws GatewayException of kind DECODE when the body does not fit
   */
  public static <T> T readBody(byte[] body, Class<T> type) {
    try {
      T value = Json.MAPPER.readValue(body, type);
      if (value == null) {
        throw GatewayException.of(Kind.DECODE, "empty body for " + type.getSimpleName());
      }
      return value;
    } catch (JacksonException | IllegalArgumentException e) {
      throw GatewayException.of(Kind.DECODE, "malformed body for " + type.getSimpleName(), e);
    }
  }

  @JsonPropertyOrder({"op", "d"})
  private record Envelope(int op, @JsonInclude(JsonInclude.Include.ALWAYS) Object d) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  private record IdentifyWire(
      String token,
      long intents,
      IdentifyProperties properties,
      ShardInfo shard,
      Integer largeThreshold,
      UpdatePresence presence,
      Boolean compress) {
    @Override
    public String toString() {
      return "IdentifyWire[<redacted>]";
    }
  }

  private record ResumeWire(String token, String sessionId, long seq) {
    @Override
    public String toString() {
      return "ResumeWire[<redacted>]";
    }
  }
}
