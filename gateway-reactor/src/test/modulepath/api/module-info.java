/** A bot and its test, on the module path: the client against the testkit's fake gateway. */
module consumer {
  requires dev.sluice.gateway.reactor;
  requires dev.sluice.gateway.testkit;
}
