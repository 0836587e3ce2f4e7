package dev.sluice.samples.first;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.reactor.GracefulShutdown;
import dev.sluice.gateway.reactor.SessionStore;
import dev.sluice.gateway.reactor.ShardGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * A bot that hands its session over on SIGTERM ({@link GracefulShutdown#closeResumablyOnSignal}):
 * its store writes each saved session ({@code id sequence}) to the file named by {@code
 * SESSION_FILE}, for {@link FirstBotShutdownTest} to read.
 */
final class ResumableBotMain {

  private ResumableBotMain() {}

  public static void main(String[] args) {
    Path file = Path.of(System.getenv("SESSION_FILE"));
    ShardGroup shards =
        ShardGroup.builder(BotToken.of(System.getenv("DISCORD_TOKEN")))
            .apiUrl(System.getenv("SLUICE_API_URL"))
            .eachShard(shard -> shard.sessionStore(new FileStore(file)))
            .build();
    GracefulShutdown.closeResumablyOnSignal(shards, Duration.ofSeconds(10));
    shards.connect().block();
  }

  /** Keeps the last saved session in a file; loads nothing (the test starts fresh). */
  private record FileStore(Path file) implements SessionStore {
    @Override
    public Mono<Session> load(ShardInfo shard) {
      return Mono.empty();
    }

    @Override
    public Mono<Void> save(Session session) {
      return Mono.fromRunnable(
          () -> {
            try {
              Files.writeString(file, session.sessionId() + " " + session.sequence());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }

    @Override
    public Mono<Void> remove(ShardInfo shard) {
      return Mono.fromRunnable(
          () -> {
            try {
              Files.deleteIfExists(file);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }
}
