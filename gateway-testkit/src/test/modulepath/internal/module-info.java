/** A user reaching through the testkit into core's shared mapper: must not compile. */
module consumer {
  requires dev.sluice.gateway.testkit;
}
