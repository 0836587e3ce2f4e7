package dev.sluice.gateway.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.Fixtures;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.internal.codec.EventDecoder;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every dispatch fixture decodes to the same records as when the golden file was written (a
 * record's {@code toString()} shows every component, nested records included), so a faster decoder
 * cannot drop or change anything. Regenerate with {@code -Dgolden.update=true} only on purpose.
 */
class DecodedFixturesGoldenTest {

  static final Path GOLDEN = Path.of("src/test/resources/golden/decoded-fixtures.txt");

  @Test
  void everyFixtureDecodesToTheRecordsOfTheGoldenFile() throws IOException {
    List<String> lines = new ArrayList<>();
    for (String name : Fixtures.names()) {
      String text = Fixtures.text(name);
      if (!text.contains("\"op\"")) {
        continue; // REST bodies, not gateway messages
      }
      GatewayPayload payload = GatewayCodec.decode(text);
      if (!payload.isDispatch()) {
        continue;
      }
      EventMeta meta =
          new EventMeta(payload.type(), ShardInfo.of(1, 2), payload.sequence(), Instant.EPOCH);
      lines.add(name + " = " + EventDecoder.decode(payload, meta));
    }
    String actual = String.join("\n", lines) + "\n";
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
    }
    assertThat(lines).hasSizeGreaterThan(20);
    assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }
}
