package consumer;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.model.Message;
import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.rest.RestClient;
import dev.sluice.gateway.rest.RestException;
import dev.sluice.gateway.testkit.FakeGateway;
import java.time.Duration;

/**
 * Starts the testkit's FakeGateway on loopback and uses RestClient against its REST side: a message
 * created and its JSON bound to the core model through Jackson, a typed error for an unknown
 * channel, everything on the module path.
 */
public final class Main {
  static final String TOKEN = "MTIzNDU2.module.path";
  static final Duration WAIT = Duration.ofSeconds(20);

  public static void main(String[] args) {
    try (FakeGateway gateway = FakeGateway.builder().token(TOKEN).start()) {
      gateway.rest().missingChannel("1");
      RestClient rest = RestClient.builder(BotToken.of(TOKEN)).apiUrl(gateway.apiUrl()).build();
      try {
        Message sent = rest.createMessage(Snowflake.of(41771983423143937L), "hi").block(WAIT);
        System.out.println("created " + sent.content());
        try {
          rest.createMessage(Snowflake.of(1L), "nobody").block(WAIT);
        } catch (RestException e) {
          System.out.println("refused " + e.kind());
        }
      } finally {
        rest.close();
      }
    }
  }
}
