/**
 * Spring Boot auto-configuration for Sluice: a {@link dev.sluice.gateway.reactor.ShardGroup} from
 * {@code sluice.*} properties, its lifecycle, Micrometer meters and a reactive Actuator health.
 */
package dev.sluice.spring.boot;
