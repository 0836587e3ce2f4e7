package dev.sluice.gateway.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.Fixtures;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.command.GatewayCommand;
import dev.sluice.gateway.core.event.EventMeta;
import dev.sluice.gateway.core.event.EventTypes;
import dev.sluice.gateway.core.event.GatewayEvent;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.core.internal.Json;
import dev.sluice.gateway.core.model.GatewayBot;
import dev.sluice.gateway.core.protocol.Opcode;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every real example payload decodes: the envelope always, the body typed where a type exists. */
class PayloadFixturesTest {

  static Stream<String> frames() {
    return Fixtures.names().stream().filter(n -> !n.startsWith("http_"));
  }

  @ParameterizedTest
  @MethodSource("frames")
  void envelopeDecodesAndMatchesTheJsonTree(String name) {
    byte[] bytes = Fixtures.bytes(name);
    GatewayPayload payload = GatewayCodec.decode(bytes);
    JsonNode tree = Json.MAPPER.readTree(bytes);

    assertThat(payload.op()).isEqualTo(tree.get("op").asInt());
    JsonNode s = tree.get("s");
    assertThat(payload.sequence()).isEqualTo(s == null || s.isNull() ? -1 : s.asLong());
    JsonNode t = tree.get("t");
    assertThat(payload.type()).isEqualTo(t == null || t.isNull() ? null : t.asString());
    JsonNode d = tree.get("d");
    if (d == null || d.isNull()) {
      assertThat(payload.data().isNull()).isTrue();
    } else {
      assertThat(Json.MAPPER.readTree(payload.data().asString())).isEqualTo(d);
    }
  }

  @ParameterizedTest
  @MethodSource("frames")
  void bodyDecodesToItsType(String name) {
    GatewayPayload payload = GatewayCodec.decode(Fixtures.bytes(name));
    switch (payload.opcode()) {
      case DISPATCH -> {
        EventMeta meta =
            new EventMeta(payload.type(), ShardInfo.SINGLE, payload.sequence(), Instant.EPOCH);
        GatewayEvent event = EventDecoder.decode(payload, meta);
        assertThat(event.meta()).isEqualTo(meta);
        if (EventTypes.classOf(payload.type()).isPresent()) {
          assertThat(event).isInstanceOf(EventTypes.classOf(payload.type()).get());
        } else {
          assertThat(event).isInstanceOf(RawEvent.class);
          assertThat(((RawEvent) event).json()).isEqualTo(payload.data().asString());
        }
      }
      case HELLO -> assertThat(payload.heartbeatInterval()).isEqualTo(45_000);
      case INVALID_SESSION -> assertThat(payload.resumable()).isEqualTo(name.endsWith("true"));
      case IDENTIFY ->
          assertThat(GatewayCodec.decodeIdentify(payload).token().reveal()).isNotBlank();
      case RESUME -> assertThat(GatewayCodec.decodeResume(payload).sessionId()).isNotBlank();
      case HEARTBEAT, HEARTBEAT_ACK, RECONNECT -> assertThat(payload.hasSequence()).isFalse();
      default -> {
        GatewayCommand command = GatewayCodec.decodeCommand(payload);
        assertThat(command.opcode()).isEqualTo(payload.opcode());
      }
    }
    assertThat(payload.opcode()).isNotEqualTo(Opcode.UNKNOWN);
  }

  @ParameterizedTest
  @MethodSource("frames")
  void everyDispatchFixtureIsAKnownEventNameOrRaw(String name) {
    GatewayPayload payload = GatewayCodec.decode(Fixtures.bytes(name));
    if (payload.isDispatch()) {
      assertThat(payload.type()).matches("[A-Z_]+");
    }
  }

  @org.junit.jupiter.api.Test
  void gatewayBotBodyDecodes() {
    GatewayBot bot =
        GatewayCodec.readBody(Fixtures.bytes("http_get_gateway_bot"), GatewayBot.class);
    assertThat(bot.url()).isEqualTo("wss://gateway.discord.gg/");
    assertThat(bot.shards()).isEqualTo(9);
    assertThat(bot.sessionStartLimit().total()).isEqualTo(1000);
    assertThat(bot.sessionStartLimit().remaining()).isEqualTo(999);
    assertThat(bot.sessionStartLimit().resetAfterDuration().toHours()).isEqualTo(4);
    assertThat(bot.sessionStartLimit().maxConcurrency()).isEqualTo(1);

    GatewayBot plain = GatewayCodec.readBody(Fixtures.bytes("http_get_gateway"), GatewayBot.class);
    assertThat(plain.url()).isEqualTo("wss://gateway.discord.gg/");
    assertThat(plain.sessionStartLimit()).isNull();
  }
}
