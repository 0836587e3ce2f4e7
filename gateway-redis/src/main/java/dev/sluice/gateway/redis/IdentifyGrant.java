package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.ShardInfo;

/**
 * A permit Redis granted, as {@link RedisIdentifyLimiter#grants()} reports it: for metrics and
 * audits of who identified when.
 *
 * @param shard the shard the permit was for
 * @param serverMillis Redis' clock when it granted (ms since the epoch)
 * @param used false when the reply came after the grant deadline and the permit was thrown away
 */
public record IdentifyGrant(ShardInfo shard, long serverMillis, boolean used) {}
