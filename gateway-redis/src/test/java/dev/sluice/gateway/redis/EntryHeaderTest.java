package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.redis.RedisCoordinationException.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The header field of an event entry: what the node writes, the worker reads back. */
class EntryHeaderTest {

  private static final long SEED = Long.getLong("sluice.seed", System.nanoTime());

  /** Characters session ids and types are drawn from, the delimiter and the escape included. */
  private static final String ALPHABET = "ab09 %2_5-ÿé:\t";

  private static String text(SplittableRandom random, int max) {
    StringBuilder s = new StringBuilder();
    int length = random.nextInt(max + 1);
    for (int i = 0; i < length; i++) {
      s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }

  @Test
  void everyHeaderReadsBackAsWritten() {
    SplittableRandom random = new SplittableRandom(SEED);
    String seed = "seed " + SEED + " (replay with -Dsluice.seed=" + SEED + ")";
    for (int k = 0; k < 10_000; k++) {
      int count = 1 + random.nextInt(1 << 20);
      int shard = random.nextInt(count);
      long fence = random.nextLong(Long.MAX_VALUE);
      long sequence = random.nextLong(-1, Long.MAX_VALUE);
      String sid = text(random, 12);
      String type = text(random, 12);
      String header =
          EntryHeader.of(
              EntryHeader.prefix(shard, count, fence), sequence, EntryHeader.escape(sid), type);
      StreamEntry e = EntryHeader.parse("1700000000000-" + k, 2, header, "{}");
      String as = seed + ", header '" + header + "'";
      assertThat(e.shard()).as(as).isEqualTo(new ShardInfo(shard, count));
      assertThat(e.sequence()).as(as).isEqualTo(sequence);
      assertThat(e.sessionId()).as(as).isEqualTo(sid);
      assertThat(e.type()).as(as).isEqualTo(type);
      assertThat(e.deliveries()).as(as).isEqualTo(2);
      assertThat(e.data()).as(as).isEqualTo("{}");
    }
  }

  @Test
  void aPlainHeaderIsSpaceSeparated() {
    String header =
        EntryHeader.of(EntryHeader.prefix(3, 8, 42), 17, EntryHeader.escape("abc"), "READY");
    assertThat(header).isEqualTo("3 8 42 17 abc READY");
    assertThat(EntryHeader.escape("a b%c")).isEqualTo("a%20b%25c");
    assertThat(EntryHeader.of("0 1 2 ", 3, "s", null)).isEqualTo("0 1 2 3 s ");
    StreamEntry e = EntryHeader.parse("5-0", 1, header, "{\"x\":1}");
    assertThat(e.key()).isEqualTo(new EventKey(3, "abc", 17));
    assertThat(e.meta().receivedAt().toEpochMilli()).isEqualTo(5);
  }

  @Test
  void malformedHeadersAreBadReplies() {
    List<String> bad =
        Arrays.asList(
            null,
            "",
            "3 8 42 17 abc",
            "x 8 42 17 abc T",
            "3 8 x 17 abc T",
            "3 8 42 x abc T",
            "9 8 42 17 abc T",
            "3 0 42 17 abc T",
            "3  42 17 abc T",
            "3 8 42 17 a%2 T",
            "3 8 42 17 a%41 T",
            "99999999999 8 42 17 abc T");
    for (String header : bad) {
      assertThatThrownBy(() -> EntryHeader.parse("1-0", 1, header, "{}"))
          .as("header '%s'", header)
          .isInstanceOfSatisfying(
              RedisCoordinationException.class, x -> assertThat(x.kind()).isEqualTo(Kind.BAD_REPLY))
          .hasMessageContaining("1-0");
    }
    assertThatThrownBy(() -> EntryHeader.parse("1-0", 1, "3 8 42 17 abc T", null))
        .isInstanceOfSatisfying(
            RedisCoordinationException.class, x -> assertThat(x.kind()).isEqualTo(Kind.BAD_REPLY))
        .hasMessageContaining("no d");
  }

  @Test
  void claimRepliesAndReadEntriesParseTheSameWay() {
    List<Object> reply =
        Arrays.asList(
            "7-1", 3L, "0 1 5 9 sid T", "{}", "7-2", "1", null, "{}", "7-3", 2L, "x", "{}");
    List<StreamEntry.Malformed> malformed = new ArrayList<>();
    assertThat(StreamEntry.parse(reply, malformed))
        .containsExactly(new StreamEntry("7-1", 3, new ShardInfo(0, 1), "sid", 9, "T", "{}"));
    // entries that are not events are set aside with their deliveries and why, not thrown
    assertThat(malformed).extracting(StreamEntry.Malformed::id).containsExactly("7-2", "7-3");
    assertThat(malformed).extracting(StreamEntry.Malformed::deliveries).containsExactly(1L, 2L);
    assertThat(malformed.get(0).error()).contains("7-2 has no h");
    // a reply that is not whole entries is the script's fault: thrown
    assertThatThrownBy(() -> StreamEntry.parse(reply.subList(0, 3), new ArrayList<>()))
        .isInstanceOfSatisfying(
            RedisCoordinationException.class, x -> assertThat(x.kind()).isEqualTo(Kind.BAD_REPLY));
    assertThatThrownBy(
            () -> StreamEntry.parse(Arrays.asList("7-1", "x", "0 1 5 9 sid T", "{}"), malformed))
        .isInstanceOf(RedisCoordinationException.class);
    assertThat(StreamEntry.fromFields(List.of("7-1", "0 1 5 9 sid T", "{}"), 1).sequence())
        .isEqualTo(9);
    assertThatThrownBy(() -> StreamEntry.fromFields(List.of("7-1", "0 1 5 9 sid T"), 1))
        .isInstanceOf(RedisCoordinationException.class);
  }
}
