/** A user reaching through gateway-rest into core's codec: must not compile. */
module consumer {
  requires dev.sluice.gateway.rest;
}
