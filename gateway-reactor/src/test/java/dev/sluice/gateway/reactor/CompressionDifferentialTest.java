package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.event.GatewayEvent;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;

/**
 * The same script over plain JSON, zlib-stream and zstd-stream delivers the same events, raw and
 * typed, in the same order: through a resume, with small, large and non-ASCII messages.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompressionDifferentialTest {

  static final String TOKEN = "MTAwMjAwMzAw.differential.test";
  static final Duration WAIT = Duration.ofSeconds(20);
  static final Set<String> PER_SESSION = Set.of("READY", "RESUMED");

  static final String END = Events.messageCreate("the end");

  record Step(String type, String body) {}

  @Test
  void zstdZlibAndPlainDeliverIdenticalEventSequences() {
    long seed = Long.getLong("sluice.seed", System.nanoTime());
    List<Step> script = script(new SplittableRandom(seed));
    List<String> plain = run(Compression.NONE, script);
    List<String> zlib = run(Compression.ZLIB_STREAM, script);
    List<String> zstd = run(Compression.ZSTD_STREAM, script);
    assertSameSequence(plain, zlib, "seed " + seed + ": zlib-stream vs plain");
    assertSameSequence(zlib, zstd, "seed " + seed + ": zstd-stream vs zlib-stream");
    long messages = script.stream().filter(s -> s.type().equals("MESSAGE_CREATE")).count();
    assertThat(zstd)
        .filteredOn(s -> s.startsWith("raw|MESSAGE_CREATE"))
        .hasSize((int) messages + 1);
  }

  /** Equal lists, or the first difference (events are long: the whole lists would be megabytes). */
  static void assertSameSequence(List<String> expected, List<String> actual, String what) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        throw new AssertionError(
            what
                + ": event "
                + i
                + " differs:\n"
                + head(expected.get(i))
                + "\n"
                + head(actual.get(i)));
      }
    }
    assertThat(actual.size()).as(what + ": number of events").isEqualTo(expected.size());
  }

  static String head(String event) {
    return event.length() <= 200 ? event : event.substring(0, 200) + "... (" + event.length() + ")";
  }

  static List<Step> script(SplittableRandom random) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      int kind = random.nextInt(10);
      if (kind < 6) {
        steps.add(
            new Step(
                "MESSAGE_CREATE", Events.messageCreate(text(random, 1 + random.nextInt(400)))));
      } else if (kind < 8) {
        steps.add(
            new Step("TYPING_START", Events.typingStart("1001", "" + random.nextLong(1L << 60))));
      } else if (kind < 9) {
        steps.add(
            new Step("GUILD_CREATE", Events.guildCreate("" + (1L << 40) + i, text(random, 20))));
      } else {
        // Large enough to grow the decoders' buffers and span zstd blocks (128 KiB).
        steps.add(new Step("MESSAGE_CREATE", Events.messageCreate(text(random, 150_000))));
      }
    }
    return steps;
  }

  static String text(SplittableRandom random, int length) {
    int[] alphabet =
        "abcdefghij klmnop \u2014 \u00e9\u00e0\u00fc \ud83d\ude42 \"q\" \\ \n"
            .codePoints()
            .toArray();
    StringBuilder b = new StringBuilder(length + 2);
    while (b.length() < length) {
      b.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
    }
    return b.toString();
  }

  /** Runs the script over {@code compression}; returns what the client delivered. */
  static List<String> run(Compression compression, List<Step> script) {
    List<String> raw = new CopyOnWriteArrayList<>();
    List<String> typed = new CopyOnWriteArrayList<>();
    List<String> readies = new CopyOnWriteArrayList<>();
    List<Long> sequences = new CopyOnWriteArrayList<>();
    List<Disposable> running = new ArrayList<>();
    try (FakeGateway fake = FakeGateway.builder().token(TOKEN).start()) {
      GatewayClient client =
          GatewayClient.builder(BotToken.of(TOKEN))
              .gatewayUrl(fake.url())
              .compression(compression)
              .intents(Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES))
              .reconnect(ReconnectSpec.defaults().withFirstBackoff(Duration.ofMillis(50)))
              .build();
      running.add(
          client
              .raw()
              .filter(e -> !PER_SESSION.contains(e.type()))
              .subscribe(
                  e -> {
                    raw.add("raw|" + e.type() + "|" + e.json());
                    sequences.add(e.meta().sequence());
                  }));
      running.add(
          client
              .events()
              .filter(e -> !PER_SESSION.contains(e.eventType()))
              .subscribe(e -> typed.add(describe(e))));
      running.add(
          client
              .state()
              .filter(GatewayState::isReady)
              .subscribe(r -> readies.add("ready " + (readies.size() + 1))));
      running.add(client.connect().subscribe(null, e -> {}));
      client.state().filter(GatewayState::isReady).blockFirst(WAIT);
      int half = script.size() / 2;
      script.subList(0, half).forEach(s -> fake.dispatch(s.type(), s.body()));
      fake.reconnect(); // the rest is sent while the client resumes: replayed, each once
      script.subList(half, script.size()).forEach(s -> fake.dispatch(s.type(), s.body()));
      fake.transcript().awaitReceived(Opcode.RESUME, 1, WAIT);
      awaitLast(readies, "ready 2"); // RESUMED came before the marker, in every run
      fake.dispatch("MESSAGE_CREATE", END);
      awaitLast(raw, "the end");
      awaitLast(typed, "the end");
    } finally {
      running.forEach(Disposable::dispose);
    }
    // Where RESUMED falls among the replayed dispatches depends on timing, and it takes a sequence
    // number: compare the events by content and order, and check the sequences only for order.
    assertThat(sequences)
        .as("%s: sequence numbers", compression)
        .isSorted()
        .doesNotHaveDuplicates();
    List<String> all = new ArrayList<>(raw);
    all.addAll(typed);
    return all;
  }

  static String describe(GatewayEvent e) {
    String content = e instanceof MessageCreate m ? m.content() : "";
    return "typed|" + e.getClass().getSimpleName() + "|" + content;
  }

  static void awaitLast(List<String> list, String marker) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (list.isEmpty() || !list.get(list.size() - 1).contains(marker)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no \"" + marker + "\" after " + list.size() + " events");
      }
      Thread.onSpinWait();
    }
  }
}
