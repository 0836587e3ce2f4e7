package dev.sluice.gateway.core.internal.session;

import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;

/** Server payloads for state machine tests, built as the gateway sends them. */
final class Frames {

  static final String RESUME_URL = "wss://resume.example/g";

  private Frames() {}

  static Input hello(long interval) {
    return Input.received(
        GatewayCodec.decode("{\"op\":10,\"d\":{\"heartbeat_interval\":" + interval + "}}"));
  }

  static Input hello() {
    return hello(41_250);
  }

  static Input ready(long s, String sessionId) {
    return Input.received(
        GatewayCodec.decode(
            "{\"op\":0,\"s\":"
                + s
                + ",\"t\":\"READY\",\"d\":{\"v\":10,\"session_id\":\""
                + sessionId
                + "\",\"resume_gateway_url\":\""
                + RESUME_URL
                + "\",\"guilds\":[]}}"));
  }

  static Input dispatch(long s, String type) {
    return Input.received(dispatchPayload(s, type));
  }

  static GatewayPayload dispatchPayload(long s, String type) {
    return GatewayCodec.decode(
        "{\"op\":0,\"s\":" + s + ",\"t\":\"" + type + "\",\"d\":{\"id\":\"" + s + "\"}}");
  }

  static Input resumed(long s) {
    return Input.received(
        GatewayCodec.decode("{\"op\":0,\"s\":" + s + ",\"t\":\"RESUMED\",\"d\":{}}"));
  }

  static Input ack() {
    return Input.received(GatewayCodec.decode("{\"op\":11}"));
  }

  static Input heartbeatRequest() {
    return Input.received(GatewayCodec.decode("{\"op\":1,\"d\":null}"));
  }

  static Input reconnect() {
    return Input.received(GatewayCodec.decode("{\"op\":7,\"d\":null}"));
  }

  static Input invalidSession(boolean resumable) {
    return Input.received(GatewayCodec.decode("{\"op\":9,\"d\":" + resumable + "}"));
  }

  static Input closed(int code) {
    return new Input.Closed(code, "reason " + code);
  }
}
