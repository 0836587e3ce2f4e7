/** A user reaching through gateway-reactor into core's session machine: must not compile. */
module consumer {
  requires dev.sluice.gateway.reactor;
}
