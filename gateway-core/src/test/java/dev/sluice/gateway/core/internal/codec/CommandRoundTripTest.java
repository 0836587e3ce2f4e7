package dev.sluice.gateway.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Fixtures;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.GatewayException.Kind;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
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
import dev.sluice.gateway.core.model.Activity;
import dev.sluice.gateway.core.model.Snowflake;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandRoundTripTest {

  static final Snowflake GUILD = Snowflake.of("41771983423143937");

  static Stream<GatewayCommand> commands() {
    return Stream.of(
        UpdatePresence.online(Activity.playing("Save the Oxford Comma")),
        new UpdatePresence(91879201L, List.of(Activity.custom("brb")), "idle", true),
        UpdateVoiceState.join(GUILD, Snowflake.of(127121515262115840L)),
        UpdateVoiceState.leave(GUILD),
        RequestGuildMembers.all(GUILD).withNonce("chunk-req-1"),
        RequestGuildMembers.byPrefix(GUILD, "ma", 10).withPresences(true),
        RequestGuildMembers.byIds(GUILD, List.of(Snowflake.of(123123))),
        new RequestSoundboardSounds(List.of(GUILD, Snowflake.of(81384788765712384L))),
        new RequestChannelInfo(GUILD, List.of("status", "voice_start_time")));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyCommandRoundTrips(GatewayCommand command) {
    byte[] encoded = GatewayCodec.encode(command);
    GatewayPayload payload = GatewayCodec.decode(encoded);
    assertThat(payload.op()).isEqualTo(command.opcode().code());
    assertThat(GatewayCodec.decodeCommand(payload)).isEqualTo(command);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "update_presence",
        "update_voice_state",
        "update_voice_state_disconnect",
        "request_guild_members",
        "request_guild_members_user_ids",
        "request_soundboard_sounds",
        "request_channel_info"
      })
  void documentedCommandsDecodeAndReEncodeToTheSameJson(String fixture) {
    byte[] original = Fixtures.bytes(fixture);
    GatewayCommand command = GatewayCodec.decodeCommand(GatewayCodec.decode(original));
    byte[] again = GatewayCodec.encode(command);
    assertThat(Json.MAPPER.readTree(again)).isEqualTo(Json.MAPPER.readTree(original));
  }

  @Test
  void voiceLeaveSendsAnExplicitNullChannel() {
    String json = new String(GatewayCodec.encode(UpdateVoiceState.leave(GUILD)));
    assertThat(json).contains("\"channel_id\":null");
  }

  @Test
  void identifyRoundTripsWithTheRawToken() {
    Identify identify =
        new Identify(
            BotToken.of("my_token"),
            Intents.of(Intent.GUILDS, Intent.GUILD_MODERATION),
            new IdentifyProperties("linux", "disco", "disco"),
            ShardInfo.of(0, 1),
            250,
            new UpdatePresence(
                91879201L, List.of(Activity.playing("Cards Against Humanity")), "dnd", false),
            true);
    byte[] encoded = GatewayCodec.encode(identify);
    assertThat(Json.MAPPER.readTree(encoded))
        .isEqualTo(Json.MAPPER.readTree(Fixtures.bytes("identify")));
    assertThat(GatewayCodec.decodeIdentify(GatewayCodec.decode(encoded))).isEqualTo(identify);
    assertThat(identify.toString()).doesNotContain("my_token").contains("<redacted>");
  }

  @Test
  void minimalIdentifyLeavesOptionalFieldsOut() {
    Identify identify =
        new Identify(
            BotToken.of("my_token"),
            Intents.fromBits(513),
            new IdentifyProperties("linux", "my_library", "my_library"),
            null,
            null,
            null,
            null);
    assertThat(Json.MAPPER.readTree(GatewayCodec.encode(identify)))
        .isEqualTo(Json.MAPPER.readTree(Fixtures.bytes("identify_minimal")));
  }

  @Test
  void resumeRoundTrips() {
    Resume resume = new Resume(BotToken.of("randomstring"), "evenmorerandomstring", 1337);
    byte[] encoded = GatewayCodec.encode(resume);
    assertThat(Json.MAPPER.readTree(encoded))
        .isEqualTo(Json.MAPPER.readTree(Fixtures.bytes("resume")));
    assertThat(GatewayCodec.decodeResume(GatewayCodec.decode(encoded))).isEqualTo(resume);
  }

  @Test
  void payloadOverFourKilobytesIsRefusedBeforeSending() {
    String huge = "x".repeat(4096);
    UpdatePresence presence = UpdatePresence.online(Activity.custom(huge));
    assertThatThrownBy(() -> GatewayCodec.encode(presence))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PAYLOAD_TOO_LARGE));
  }

  @Test
  void payloadOfExactlyFourKilobytesIsAllowed() {
    String base = new String(GatewayCodec.encode(UpdatePresence.online(Activity.custom(""))));
    String fill = "y".repeat(GatewayCodec.MAX_OUTBOUND_BYTES - base.length());
    byte[] encoded = GatewayCodec.encode(UpdatePresence.online(Activity.custom(fill)));
    assertThat(encoded).hasSize(GatewayCodec.MAX_OUTBOUND_BYTES);
    String overBy1 = fill + "y";
    assertThatThrownBy(() -> GatewayCodec.encode(UpdatePresence.online(Activity.custom(overBy1))))
        .isInstanceOf(GatewayException.class);
  }

  @Test
  void oversizedIdentifyErrorDoesNotLeakTheToken() {
    Identify identify =
        new Identify(
            BotToken.of("secret-token-value"),
            Intents.none(),
            IdentifyProperties.sluice(),
            null,
            null,
            UpdatePresence.online(Activity.custom("z".repeat(5000))),
            null);
    assertThatThrownBy(() -> GatewayCodec.encode(identify))
        .isInstanceOf(GatewayException.class)
        .hasMessageNotContaining("secret-token-value");
  }

  @Test
  void invalidCommandsAreRefusedWhenBuilt() {
    assertThatThrownBy(() -> new UpdatePresence(null, List.of(), "busy", false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestGuildMembers.all(GUILD).withNonce("n".repeat(33)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RequestGuildMembers(GUILD, "a", 1, null, List.of(GUILD), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RequestSoundboardSounds(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNonCommandOpcodeIsNotDecodedAsACommand() {
    assertThatThrownBy(() -> GatewayCodec.decodeCommand(GatewayCodec.decode("{\"op\":2,\"d\":{}}")))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DECODE));
  }
}
