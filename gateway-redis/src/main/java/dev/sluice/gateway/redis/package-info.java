/**
 * Redis-backed coordination for a bot whose shards run in several processes: {@link
 * dev.sluice.gateway.redis.RedisIdentifyLimiter}, {@link dev.sluice.gateway.redis.RedisShardLeases}
 * and {@link dev.sluice.gateway.redis.RedisSessionStore}, all over one {@link
 * dev.sluice.gateway.redis.LettuceAdapter} connection.
 */
package dev.sluice.gateway.redis;
