/**
 * One bot's shards across many processes, coordinated through Redis: a shared identify limiter,
 * fenced shard leases with rendezvous placement, and a fenced session store. Lettuce is used only
 * inside {@link dev.sluice.gateway.redis.LettuceAdapter}.
 */
module dev.sluice.gateway.redis {
  requires transitive dev.sluice.gateway.reactor;
  requires lettuce.core;
  requires io.netty.common;
  requires org.slf4j;

  exports dev.sluice.gateway.redis;
}
