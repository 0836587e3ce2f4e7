/** Micrometer meters for Sluice's gateway clients: SluiceMetrics, a GatewayObserver. */
module dev.sluice.gateway.micrometer {
  requires transitive dev.sluice.gateway.reactor;
  requires transitive micrometer.core;

  exports dev.sluice.gateway.micrometer;
}
