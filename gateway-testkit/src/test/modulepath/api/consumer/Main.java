package consumer;

import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.FakeGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts FakeGateway on loopback, asks its REST API for the gateway URL, then connects with the
 * JDK's WebSocket client: HELLO, IDENTIFY, READY. Everything on the module path.
 */
public final class Main {
  static final String TOKEN = "MTIzNDU2.module.path";
  static final Duration WAIT = Duration.ofSeconds(20);
  static final JsonMapper JSON = JsonMapper.builder().build();

  public static void main(String[] args) throws Exception {
    try (FakeGateway gateway = FakeGateway.builder().token(TOKEN).start()) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
      HttpResponse<String> bot =
          http.send(
              HttpRequest.newBuilder(URI.create(gateway.apiUrl() + "/gateway/bot"))
                  .header("Authorization", "Bot " + TOKEN)
                  .timeout(WAIT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String url = JSON.readTree(bot.body()).get("url").asString();
      System.out.println("rest " + bot.statusCode() + " " + url.equals(gateway.url()));

      BlockingQueue<JsonNode> inbound = new LinkedBlockingQueue<>();
      WebSocket socket =
          http.newWebSocketBuilder()
              .buildAsync(URI.create(url + "/?v=10&encoding=json"), new Collector(inbound))
              .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      System.out.println("op " + next(inbound).get("op").asInt());
      socket
          .sendText(
              "{\"op\":2,\"d\":{\"token\":\""
                  + TOKEN
                  + "\",\"intents\":513,"
                  + "\"properties\":{\"os\":\"linux\",\"browser\":\"consumer\","
                  + "\"device\":\"consumer\"}}}",
              true)
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      gateway.transcript().awaitReceived(Opcode.IDENTIFY, 1, WAIT);
      System.out.println("dispatch " + next(inbound).get("t").asString());
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  static JsonNode next(BlockingQueue<JsonNode> inbound) throws InterruptedException {
    JsonNode message = inbound.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (message == null) {
      throw new IllegalStateException("no message from the fake gateway within " + WAIT);
    }
    return message;
  }

  /** Whole text messages, parsed, onto a queue. */
  static final class Collector implements WebSocket.Listener {
    private final BlockingQueue<JsonNode> inbound;
    private final StringBuilder partial = new StringBuilder();

    Collector(BlockingQueue<JsonNode> inbound) {
      this.inbound = inbound;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        inbound.add(JSON.readTree(partial.toString()));
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }
  }
}
