/** A bot's REST calls and their test, on the module path: RestClient against the testkit's fake. */
module consumer {
  requires dev.sluice.gateway.rest;
  requires dev.sluice.gateway.testkit;
}
