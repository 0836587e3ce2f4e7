package consumer;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.command.UpdatePresence;
import dev.sluice.gateway.core.event.EventMeta;
import dev.sluice.gateway.core.event.EventTypes;
import dev.sluice.gateway.core.event.GatewayEvent;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.core.protocol.Opcode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.InjectableValues;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Types a MESSAGE_CREATE dispatch (args[0], a gateway payload file) through Jackson into Sluice's
 * record, which needs gateway-core's packages opened to Jackson on the module path.
 */
public final class Main {
  public static void main(String[] args) throws Exception {
    BotToken token = BotToken.of("Bot MTIzNDU2.module.path");
    System.out.println("token " + token);
    Intents intents = Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES, Intent.MESSAGE_CONTENT);
    System.out.println("intents " + intents.bits());

    JsonMapper mapper =
        JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    JsonNode payload = mapper.readTree(Files.readString(Path.of(args[0])));
    if (payload.get("op").asInt() != Opcode.DISPATCH.code()) {
      throw new IllegalStateException("not a dispatch: " + payload.get("op"));
    }
    String type = payload.get("t").asString();
    Class<? extends GatewayEvent> recordClass = EventTypes.classOf(type).orElseThrow();
    EventMeta meta =
        new EventMeta(type, ShardInfo.SINGLE, payload.get("s").asLong(), Instant.now());
    GatewayEvent event =
        mapper
            .readerFor(recordClass)
            .with(new InjectableValues.Std().addValue(EventMeta.class, meta))
            .readValue(payload.get("d"));
    MessageCreate message = (MessageCreate) event;
    System.out.println(
        "typed "
            + message.meta().type()
            + " s="
            + message.meta().sequence()
            + " channel="
            + Long.toUnsignedString(message.channelId().value())
            + " content="
            + message.content());

    ShardInfo shard = mapper.readValue("[1, 4]", ShardInfo.class);
    System.out.println("shard " + shard.id() + "/" + shard.count());
    System.out.println("presence " + mapper.writeValueAsString(UpdatePresence.online()));
  }
}
