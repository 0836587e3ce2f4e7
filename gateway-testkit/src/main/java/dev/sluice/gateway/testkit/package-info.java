/** FakeGateway: a real, scriptable Discord gateway (WebSocket and REST) on 127.0.0.1. */
package dev.sluice.gateway.testkit;
