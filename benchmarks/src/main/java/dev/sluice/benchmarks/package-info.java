/**
 * JMH benchmarks of Sluice's hot paths; run with {@code java -jar
 * benchmarks/target/benchmarks.jar}.
 */
package dev.sluice.benchmarks;
