package dev.sluice.gateway.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.core.Fixtures;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.internal.codec.EventDecoder;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import dev.sluice.gateway.core.model.Snowflake;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventDecoderTest {

  static <T extends GatewayEvent> T decode(String fixture, Class<T> type) {
    GatewayPayload p = GatewayCodec.decode(Fixtures.bytes(fixture));
    return EventDecoder.decode(p, meta(p), type);
  }

  static EventMeta meta(GatewayPayload p) {
    return new EventMeta(p.type(), ShardInfo.of(1, 2), p.sequence(), Instant.ofEpochSecond(42));
  }

  @Test
  void readyCarriesSessionAndGuilds() {
    Ready ready = decode("ready", Ready.class);
    assertThat(ready.v()).isEqualTo(10);
    assertThat(ready.user().id()).isEqualTo(Snowflake.of(80351110224678912L));
    assertThat(ready.sessionId()).isNotBlank();
    assertThat(ready.resumeGatewayUrl()).startsWith("wss://");
    assertThat(ready.guilds()).isNotEmpty().allSatisfy(g -> assertThat(g.unavailable()).isTrue());
    assertThat(ready.meta().shard()).isEqualTo(ShardInfo.of(1, 2));
  }

  @Test
  void messageCreateExposesContentChannelAndAuthor() {
    MessageCreate m = decode("message_create", MessageCreate.class);
    assertThat(m.content()).isEqualTo("Supa Hot");
    assertThat(m.channelId()).isEqualTo(Snowflake.of("290926798999357250"));
    assertThat(m.guildId()).isNull();
    assertThat(m.message().author().username()).isEqualTo("Mason");
    assertThat(m.meta().sequence()).isEqualTo(42);
    assertThat(m.eventType()).isEqualTo("MESSAGE_CREATE");
  }

  @Test
  void snowflakesSentAsNumbersAreAccepted() {
    GuildMembersChunk chunk = decode("guild_members_chunk", GuildMembersChunk.class);
    assertThat(chunk.notFound()).containsExactly(Snowflake.of(123123));
    assertThat(chunk.guildId()).isEqualTo(Snowflake.of("308994132968210433"));
  }

  @Test
  void presenceUpdateWithOnlyAUserIdDecodes() {
    PresenceUpdate p = decode("presence_update", PresenceUpdate.class);
    assertThat(p.user().id()).isEqualTo(Snowflake.of(80351110224678912L));
    assertThat(p.user().username()).isNull();
    assertThat(p.activities()).extracting(a -> a.name()).containsExactly("Rocket League");
  }

  @Test
  void interactionFindsItsInvokerAndHidesItsToken() {
    InteractionCreate i = decode("interaction_create", InteractionCreate.class);
    assertThat(i.interaction().invoker().username()).isEqualTo("Mason");
    assertThat(i.interaction().data().get("options").get(0).get("value").asString())
        .isEqualTo("The Gitrog Monster");
    assertThat(i.toString()).doesNotContain("A_UNIQUE_TOKEN");
  }

  @Test
  void threadCreateCarriesThreadFields() {
    ThreadCreate t = decode("thread_create", ThreadCreate.class);
    assertThat(t.thread().type()).isEqualTo(11);
    assertThat(t.thread().messageCount()).isEqualTo(1);
    assertThat(t.id()).isEqualTo(Snowflake.of(41771983423143937L));
  }

  @Test
  void rateLimitedKeepsItsOwnMetaObject() {
    RateLimited r = decode("rate_limited", RateLimited.class);
    assertThat(r.opcode()).isEqualTo(8);
    assertThat(r.retryAfterDuration().toMillis()).isEqualTo(25_500);
    assertThat(r.limited().nonce()).isEqualTo("chunk-req-1");
    assertThat(r.meta().sequence()).isEqualTo(-1);
  }

  @Test
  void guildDeleteTellsOutageFromRemoval() {
    assertThat(decode("guild_delete_unavailable", GuildDelete.class).isRemoval()).isFalse();
    GatewayPayload removed =
        GatewayCodec.decode("{\"op\":0,\"s\":3,\"t\":\"GUILD_DELETE\",\"d\":{\"id\":\"5\"}}");
    assertThat(EventDecoder.decode(removed, meta(removed), GuildDelete.class).isRemoval()).isTrue();
  }

  @Test
  void guildCreateWithExtrasDecodesMembersAndChannels() {
    GuildCreate g = decode("guild_create_with_extras", GuildCreate.class);
    assertThat(g.guild().channels()).isNotEmpty();
    assertThat(g.guild().members()).isNotEmpty();
    assertThat(g.guild().memberCount()).isPositive();
  }

  @Test
  void resumedWithNullOrEmptyBodyDecodes() {
    for (String d : new String[] {"{}", "null"}) {
      GatewayPayload p =
          GatewayCodec.decode("{\"op\":0,\"s\":9,\"t\":\"RESUMED\",\"d\":" + d + "}");
      assertThat(EventDecoder.decode(p, meta(p))).isInstanceOf(Resumed.class);
    }
  }

  @Test
  void unknownEventsArriveRawWithTheirJsonIntact() {
    GatewayPayload p = GatewayCodec.decode(Fixtures.bytes("voice_server_update"));
    GatewayEvent e = EventDecoder.decode(p, meta(p));
    assertThat(e).isInstanceOf(RawEvent.class);
    assertThat(((RawEvent) e).json()).contains("sweetwater-12345.discord.media:2048");
    assertThat(e.meta().sequence()).isEqualTo(2);
  }

  @Test
  void bodyOfTheWrongShapeIsATypedEventDecodeError() {
    GatewayPayload p =
        GatewayCodec.decode("{\"op\":0,\"s\":1,\"t\":\"TYPING_START\",\"d\":{\"timestamp\":[1]}}");
    assertThatThrownBy(() -> EventDecoder.decode(p, meta(p)))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.EVENT_DECODE));
  }

  @Test
  void everyTypedNameMapsToItsClassAndBack() {
    for (String name : EventTypes.names()) {
      assertThat(EventTypes.nameOf(EventTypes.classOf(name).orElseThrow())).isEqualTo(name);
    }
    assertThat(EventTypes.classOf("VOICE_SERVER_UPDATE")).isEmpty();
    assertThatThrownBy(() -> EventTypes.nameOf(RawEvent.class))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
