/** A Spring Boot WebFlux service: the gateway as a bean, events over SSE, shard status as JSON. */
package dev.sluice.samples.webflux;
