/** A user of gateway-core's public API, on the module path. */
module consumer {
  requires dev.sluice.gateway.core;
}
