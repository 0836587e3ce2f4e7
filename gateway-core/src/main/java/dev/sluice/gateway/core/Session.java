package dev.sluice.gateway.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * What a resumable gateway session is: everything a client needs to Resume, in one immutable,
 * saveable value. A {@code Session} is created from READY and replaced (never mutated) as the
 * sequence advances. It serialises to and from JSON with {@link
 * dev.sluice.gateway.core.internal.codec.GatewayCodec#writeSession} and {@link
 * dev.sluice.gateway.core.internal.codec.GatewayCodec#readSession} so a new process can resume it.
 *
 * @param sessionId the session id from READY
 * @param resumeGatewayUrl the URL to reconnect to for Resume, from READY
 * @param sequence the last sequence number received on this session, {@code >= 0}
 * @param shard the shard this session belongs to
 */
public record Session(String sessionId, String resumeGatewayUrl, long sequence, ShardInfo shard) {

  /**
   * @throws IllegalArgumentException if the id or URL is blank or the sequence negative
   */
  @JsonCreator
  public Session(
      @JsonProperty("session_id") String sessionId,
      @JsonProperty("resume_gateway_url") String resumeGatewayUrl,
      @JsonProperty("sequence") long sequence,
      @JsonProperty("shard") ShardInfo shard) {
    if (sessionId == null || sessionId.isBlank()) {
      throw new IllegalArgumentException("session id must not be blank");
    }
    if (resumeGatewayUrl == null || resumeGatewayUrl.isBlank()) {
      throw new IllegalArgumentException("resume gateway url must not be blank");
    }
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative, was " + sequence);
    }
    this.sessionId = sessionId;
    this.resumeGatewayUrl = resumeGatewayUrl;
    this.sequence = sequence;
    this.shard = Objects.requireNonNull(shard, "shard");
  }

  /** This session with a new last sequence. */
  public Session withSequence(long newSequence) {
    return newSequence == sequence
        ? this
        : new Session(sessionId, resumeGatewayUrl, newSequence, shard);
  }
}
