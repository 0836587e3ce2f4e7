/** A test of some other gateway client, using the fake gateway on the module path. */
module consumer {
  requires dev.sluice.gateway.testkit;
  requires java.net.http;
}
