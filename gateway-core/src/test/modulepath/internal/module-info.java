/** A user reaching into gateway-core's internal codec: must not compile. */
module consumer {
  requires dev.sluice.gateway.core;
}
