package dev.sluice.spring.boot;

import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.reactor.OverflowPolicy;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the auto-configured {@link dev.sluice.gateway.reactor.ShardGroup} is built from, under
 * {@code sluice.*}. Only {@code sluice.token} is required; the defaults are the library's.
 *
 * <pre>
 * sluice:
 *   token: ${DISCORD_TOKEN}
 *   intents: [guilds, guild-messages, message-content]
 *   shards:
 *     count: 4        # all four; leave out for Discord's recommendation
 *     ids: [0, 1]     # only these of the four (the others run elsewhere)
 *   close-mode: resumable
 * </pre>
 *
 * <p>Immutable (bound through its constructor). {@link #toString()} redacts the token, and the
 * actuator's env and configprops endpoints mask it whatever their {@code show-values} say.
 *
 * @param token the bot token (required): three dot-separated parts, without a {@code Bot} prefix
 * @param apiUrl the REST base {@code /gateway/bot} is read from
 * @param gatewayUrl overrides the gateway URL {@code /gateway/bot} returns (a ws:// or wss:// URL)
 * @param intents the gateway intents, by name ({@code guilds}, {@code guild-messages}, ...)
 * @param compression transport compression: {@code zlib-stream} or {@code none}
 * @param shards which shards run in this process
 * @param reconnect how long to wait between connections
 * @param timeouts handshake, Hello and READY timeouts
 * @param events each subscriber's event buffer
 * @param identify the identify limiter's session budget reserve and margin
 * @param closeMode how shards close when the application stops: {@code close} (1000, the sessions
 *     end) or {@code resumable} (another process can resume them)
 */
@ConfigurationProperties("sluice")
public record SluiceProperties(
    String token,
    @DefaultValue("https://discord.com/api/v10") String apiUrl,
    String gatewayUrl,
    List<Intent> intents,
    @DefaultValue("zlib-stream") Compression compression,
    @DefaultValue Shards shards,
    @DefaultValue Reconnect reconnect,
    @DefaultValue Timeouts timeouts,
    @DefaultValue Events events,
    @DefaultValue Identify identify,
    @DefaultValue("close") CloseMode closeMode) {

  public SluiceProperties {
    intents = intents == null ? List.of() : List.copyOf(intents);
  }

  /**
   * Which shards run here: Discord's recommended count when {@code count} is not set.
   *
   * @param count the bot's total shard count
   * @param ids only these shard ids out of {@code count} (needs {@code count})
   */
  public record Shards(Integer count, List<Integer> ids) {
    public Shards {
      ids = ids == null ? List.of() : List.copyOf(ids);
    }
  }

  /**
   * Waits between connections.
   *
   * @param firstBackoff the first wait after a failed connection
   * @param maxBackoff the longest wait
   * @param jitter how much of each wait is random, in [0, 1]
   * @param invalidSessionMin the shortest wait after op 9
   * @param invalidSessionMax the longest wait after op 9
   * @param maxAttempts failed connections in a row before giving up (unlimited when not set)
   * @param immediateAfterHealthy whether the first reconnect after a healthy connection is
   *     immediate
   */
  public record Reconnect(
      @DefaultValue("1s") Duration firstBackoff,
      @DefaultValue("60s") Duration maxBackoff,
      @DefaultValue("0.5") double jitter,
      @DefaultValue("1s") Duration invalidSessionMin,
      @DefaultValue("5s") Duration invalidSessionMax,
      Long maxAttempts,
      @DefaultValue("true") boolean immediateAfterHealthy) {}

  /**
   * Connection timeouts.
   *
   * @param handshake the WebSocket handshake
   * @param hello Hello after the handshake
   * @param ready READY or RESUMED after Identify or Resume
   */
  public record Timeouts(
      @DefaultValue("10s") Duration handshake,
      @DefaultValue("30s") Duration hello,
      @DefaultValue("60s") Duration ready) {}

  /**
   * Each subscriber's event buffer.
   *
   * @param bufferSize events buffered per subscriber
   * @param overflow what a full buffer does: {@code error}, {@code drop-oldest} or {@code
   *     drop-latest}
   */
  public record Events(
      @DefaultValue("4096") int bufferSize, @DefaultValue("error") OverflowPolicy overflow) {}

  /**
   * The identify limiter.
   *
   * @param reserve session starts of the daily budget never spent automatically
   * @param margin extra wait on top of Discord's 5 s identify window
   */
  public record Identify(@DefaultValue("10") int reserve, @DefaultValue("250ms") Duration margin) {}

  /** How shards close when the application stops. */
  public enum CloseMode {
    /** Close with 1000: the sessions end and the bot goes offline. */
    CLOSE,
    /** Close resumably (4900): the sessions are kept for another process to resume. */
    RESUMABLE
  }

  @Override
  public String toString() {
    return "SluiceProperties[token="
        + (token == null ? "null" : "<redacted>")
        + ", apiUrl="
        + apiUrl
        + ", gatewayUrl="
        + gatewayUrl
        + ", intents="
        + intents
        + ", shards="
        + shards
        + ", closeMode="
        + closeMode
        + "]";
  }
}
