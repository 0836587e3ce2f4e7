package dev.sluice.gateway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.core.protocol.Opcode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

  @Test
  void botTokenNeverPrintsItself() {
    BotToken token = BotToken.of("Bot MTIz.abc.def");
    assertThat(token.toString()).isEqualTo("<redacted>");
    assertThat(token.reveal()).isEqualTo("MTIz.abc.def");
    assertThat(token.authorizationHeader()).isEqualTo("Bot MTIz.abc.def");
    assertThat(token.matches("MTIz.abc.def")).isTrue();
    assertThat(token.matches("bot MTIz.abc.def")).isTrue();
    assertThat(token.matches("other")).isFalse();
    assertThatThrownBy(() -> BotToken.of(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BotToken.of("Bot ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void intentsAreABitSetWithPrivilegedOnesMarked() {
    Intents intents = Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES, Intent.MESSAGE_CONTENT);
    assertThat(intents.bits()).isEqualTo(1 | 512 | 32768);
    assertThat(intents.privileged()).containsExactly(Intent.MESSAGE_CONTENT);
    assertThat(Intents.all().bits()).isEqualTo(53608447L);
    assertThat(Intents.nonPrivileged().bits()).isEqualTo(53575421L);
    assertThat(Intents.fromBits(513)).isEqualTo(Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES));
    assertThatThrownBy(() -> Intents.fromBits(1L << 17))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Intents.none().with(intents).without(intents)).isEqualTo(Intents.none());
  }

  @Test
  void shardInfoIsValidatedAndRoutesGuilds() {
    assertThatThrownBy(() -> ShardInfo.of(2, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShardInfo.of(-1, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShardInfo.of(0, 0)).isInstanceOf(IllegalArgumentException.class);
    // (id >> 22) % count, from the docs' example id.
    long guild = 197038439483310086L;
    assertThat(ShardInfo.forGuild(guild, 10)).isEqualTo((int) ((guild >> 22) % 10));
    assertThat(ShardInfo.forGuild(-1L, 7)).isBetween(0, 6);
  }

  @Test
  void snowflakeIsUnsignedAndKnowsItsTime() {
    Snowflake max = Snowflake.of("18446744073709551615");
    assertThat(max.asString()).isEqualTo("18446744073709551615");
    assertThat(Snowflake.of(175928847299117063L).timestamp())
        .isEqualTo(Instant.parse("2016-04-30T11:18:25.796Z"));
    assertThatThrownBy(() -> Snowflake.of("abc")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sessionIsValidated() {
    assertThatThrownBy(() -> new Session("", "wss://x", 1, ShardInfo.SINGLE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Session("a", "wss://x", -1, ShardInfo.SINGLE))
        .isInstanceOf(IllegalArgumentException.class);
    Session s = new Session("a", "wss://x", 1, ShardInfo.SINGLE);
    assertThat(s.withSequence(1)).isSameAs(s);
    assertThat(s.withSequence(5).sequence()).isEqualTo(5);
  }

  @Test
  void closeCodesCarryTheirBehaviour() {
    assertThat(GatewayCloseCode.of(4004).isFatal()).isTrue();
    for (int code = 4010; code <= 4014; code++) {
      assertThat(GatewayCloseCode.of(code).isFatal()).as("%d", code).isTrue();
      assertThat(GatewayCloseCode.of(code).canReconnect()).isFalse();
    }
    for (int code : new int[] {4007, 4009, 4003}) {
      assertThat(GatewayCloseCode.of(code).canReconnect()).isTrue();
      assertThat(GatewayCloseCode.of(code).canResume()).as("%d", code).isFalse();
    }
    for (int code : new int[] {4000, 4001, 4002, 4005, 4008, 1000, 1001, 1006, 4006, 4999}) {
      assertThat(GatewayCloseCode.of(code).canResume()).as("%d", code).isTrue();
    }
    assertThat(GatewayCloseCode.of(1000)).isEqualTo(GatewayCloseCode.UNKNOWN);
    assertThat(GatewayCloseCode.keepsSession(1000)).isFalse();
    assertThat(GatewayCloseCode.keepsSession(1001)).isFalse();
    assertThat(GatewayCloseCode.keepsSession(GatewayCloseCode.RESUMABLE_CLOSURE)).isTrue();
  }

  @Test
  void everyOpcodeIsKnownIncludingTheNewOnes() {
    assertThat(Opcode.of(31)).isEqualTo(Opcode.REQUEST_SOUNDBOARD_SOUNDS);
    assertThat(Opcode.of(43)).isEqualTo(Opcode.REQUEST_CHANNEL_INFO);
    assertThat(Opcode.of(5)).isEqualTo(Opcode.UNKNOWN);
    assertThat(Opcode.of(-3)).isEqualTo(Opcode.UNKNOWN);
    assertThat(Opcode.of(1000)).isEqualTo(Opcode.UNKNOWN);
    for (Opcode op : Opcode.values()) {
      if (op != Opcode.UNKNOWN) {
        assertThat(Opcode.of(op.code())).isEqualTo(op);
      }
    }
  }

  @Test
  void fatalPredicateRecognisesFatalKinds() {
    assertThat(
            GatewayException.isFatal(
                GatewayException.fatalClose(GatewayCloseCode.AUTHENTICATION_FAILED, 4004, "bad")))
        .isTrue();
    assertThat(GatewayException.isFatal(GatewayException.of(GatewayException.Kind.DECODE, "x")))
        .isFalse();
    assertThat(GatewayException.isFatal(new RuntimeException())).isFalse();
  }
}
