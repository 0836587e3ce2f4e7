package dev.sluice.benchmarks.e2e;

import java.util.EnumSet;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.ChunkingFilter;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;

/**
 * JDA as a bot uses it: {@code JDABuilder.create} with the intents the corpus needs, JDA's default
 * caches and no member chunking. JDA turns dispatches into events only where its cache knows the
 * guild, channel or member, so the marks are the MESSAGE_CREATE ids that end each phase, not a
 * count.
 */
final class JdaClient implements ClientMain.Client {

  @Override
  public ClientMain.Unit unit() {
    return ClientMain.Unit.MARKERS;
  }

  @Override
  public void start(String gatewayUrl, String apiUrl, Wire wire, Probe probe) {
    if (wire == Wire.ZSTD) {
      throw new IllegalArgumentException("JDA speaks no zstd-stream");
    }
    JDABuilder.create(
            BenchServer.TOKEN,
            EnumSet.of(
                GatewayIntent.GUILD_MEMBERS,
                GatewayIntent.GUILD_EXPRESSIONS,
                GatewayIntent.GUILD_VOICE_STATES,
                GatewayIntent.SCHEDULED_EVENTS,
                GatewayIntent.GUILD_PRESENCES,
                GatewayIntent.GUILD_MESSAGES,
                GatewayIntent.GUILD_MESSAGE_REACTIONS,
                GatewayIntent.GUILD_MESSAGE_TYPING,
                GatewayIntent.MESSAGE_CONTENT))
        .setRestConfig(new RestConfig().setBaseUrl(apiUrl + "/"))
        .setSessionController(
            new ConcurrentSessionController() {
              @Override
              public String getGateway() {
                // JDA's documented hook for a gateway proxy; by default it is Discord's host.
                return gatewayUrl;
              }
            })
        // The benchmark server does not answer member chunk requests (op 8).
        .setChunkingFilter(ChunkingFilter.NONE)
        .setCompression(wire == Wire.ZLIB ? Compression.ZLIB : Compression.NONE)
        .addEventListeners(
            new ListenerAdapter() {
              @Override
              public void onMessageReceived(MessageReceivedEvent event) {
                long id = event.getMessageIdLong();
                if (id == Corpus.WARMUP_MARK) {
                  probe.begin();
                } else if (id == Corpus.END_MARK) {
                  probe.finish();
                }
              }
            })
        .build();
  }
}
