/**
 * Many shards under load: one JVM holding thousands of shards while a load server in its own
 * process streams events over all of them ({@link dev.sluice.benchmarks.many.ManyShards}).
 */
package dev.sluice.benchmarks.many;
