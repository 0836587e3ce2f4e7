package consumer;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.reactor.GatewayClient;
import dev.sluice.gateway.reactor.GatewayState;
import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGateway;
import java.time.Duration;
import java.util.function.UnaryOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Starts the testkit's FakeGateway on loopback, connects a GatewayClient to it, waits for READY,
 * receives one typed MESSAGE_CREATE, closes the client: everything on the module path.
 */
public final class Main {
  static final String TOKEN = "MTIzNDU2.module.path";
  static final Duration WAIT = Duration.ofSeconds(20);

  public static void main(String[] args) {
    // Names Reactor Netty's HttpClient and calls a method it inherits from reactor-netty-core.
    UnaryOperator<HttpClient> tune = http -> http.wiretap(false);
    try (FakeGateway gateway = FakeGateway.builder().token(TOKEN).start()) {
      GatewayClient client =
          GatewayClient.builder(BotToken.of(TOKEN))
              .intents(Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES, Intent.MESSAGE_CONTENT))
              .gatewayUrl(gateway.url())
              .httpClient(tune)
              .build();
      Mono<MessageCreate> message = client.on(MessageCreate.class).next().cache();
      Disposable listening = message.subscribe();
      Disposable running = client.connect().subscribe();
      GatewayState ready = client.state().filter(GatewayState::isReady).blockFirst(WAIT);
      System.out.println("state " + ready.getClass().getSimpleName());
      gateway.dispatch("MESSAGE_CREATE", Events.messageCreate("over the module path"));
      System.out.println("message " + message.block(WAIT).content());
      client.close().block(WAIT);
      GatewayState last = client.state().blockFirst(WAIT);
      System.out.println("state " + last.getClass().getSimpleName());
      listening.dispose();
      running.dispose();
    }
  }
}
