/**
 * Spring Boot auto-configuration for Sluice: the ShardGroup bean from sluice.* properties, its
 * lifecycle, Micrometer meters and the Actuator health. Spring reads its configuration classes
 * reflectively, so the package is open to it.
 */
module dev.sluice.spring.boot {
  requires transitive dev.sluice.gateway.reactor;
  requires transitive spring.boot;
  requires transitive spring.boot.autoconfigure;
  requires spring.beans;
  requires spring.context;
  requires spring.core;
  requires org.slf4j;
  requires static dev.sluice.gateway.micrometer;
  requires static micrometer.core;
  requires static spring.boot.actuator;
  requires static spring.boot.health;

  exports dev.sluice.spring.boot;

  opens dev.sluice.spring.boot to
      spring.core,
      spring.beans,
      spring.context;
}
