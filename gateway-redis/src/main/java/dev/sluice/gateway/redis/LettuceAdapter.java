package dev.sluice.gateway.redis;

import dev.sluice.gateway.redis.RedisCoordinationException.Kind;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * The one place gateway-redis talks to Lettuce: a single reactive connection to one Redis primary
 * (or a Sentinel-managed one, with a {@code redis-sentinel://} URI), over which every limiter,
 * lease and session script runs. Nothing here blocks.
 *
 * <p>Lifecycle: {@link #connect(String)} opens the connection (a Redis that cannot be reached is an
 * {@code UNAVAILABLE} error), Lettuce reconnects by itself after a connection drops, and {@link
 * #close()} ends it. While disconnected, commands fail at once with {@code UNAVAILABLE} instead of
 * queueing, and every command times out after the command timeout (default 2 s). Thread-safe; one
 * adapter is shared by all of a node's components.
 *
 * <pre>{@code
 * LettuceAdapter redis = LettuceAdapter.connect("redis://127.0.0.1:6379").block();
 * }</pre>
 */
public final class LettuceAdapter {

  /** How long one command may take before it fails with {@code UNAVAILABLE}. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

  private final RedisClient client;
  private final ClientResources resources;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisReactiveCommands<String, String> commands;
  private final String address;

  private LettuceAdapter(
      RedisClient client,
      ClientResources resources,
      StatefulRedisConnection<String, String> connection,
      String address) {
    this.client = client;
    this.resources = resources;
    this.connection = connection;
    this.commands = connection.reactive();
    this.address = address;
  }

  /** Connects to {@code redisUri} ({@code redis://host:port[/db]}) with the default timeout. */
  public static Mono<LettuceAdapter> connect(String redisUri) {
    return connect(redisUri, DEFAULT_COMMAND_TIMEOUT);
  }

  /**
   * Connects to {@code redisUri}; each command fails after {@code commandTimeout}.
   *
   * @throws IllegalArgumentException if the URI cannot be parsed
   */
  public static Mono<LettuceAdapter> connect(String redisUri, Duration commandTimeout) {
    Objects.requireNonNull(redisUri, "redisUri");
    RedisURI uri;
    try {
      uri = RedisURI.create(redisUri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a redis uri: " + redact(redisUri), e);
    }
    String address = redact(redisUri);
    return Mono.defer(
        () -> {
          ClientResources resources =
              ClientResources.builder()
                  .reconnectDelay(
                      Delay.exponential(
                          Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                  .build();
          RedisClient client = RedisClient.create(resources, uri);
          client.setOptions(
              ClientOptions.builder()
                  .autoReconnect(true)
                  .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                  .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                  .build());
          return Mono.fromCompletionStage(client.connectAsync(StringCodec.UTF8, uri))
              .map(connection -> new LettuceAdapter(client, resources, connection, address))
              .onErrorResume(
                  e ->
                      Mono.fromCompletionStage(client.shutdownAsync())
                          .then(Mono.fromFuture(() -> toCompletable(resources.shutdown())))
                          .onErrorResume(ignored -> Mono.empty())
                          .then(
                              Mono.error(
                                  RedisCoordinationException.of(
                                      Kind.UNAVAILABLE, "cannot reach redis at " + address, e))));
        });
  }

  /** The URI without its password, for messages. */
  static String redact(String uri) {
    // up to the last '@': a password may hold '@' or '/' (and is not always percent-encoded)
    int start = uri.indexOf("//");
    int at = uri.lastIndexOf('@');
    return start < 0 || at < start
        ? uri
        : uri.substring(0, start + 2) + "<redacted>" + uri.substring(at);
  }

  /** Closes the connection and the client's resources. */
  public Mono<Void> close() {
    return Mono.fromCompletionStage(connection.closeAsync())
        .then(Mono.fromCompletionStage(client.shutdownAsync()))
        .then(Mono.fromFuture(() -> toCompletable(resources.shutdown())))
        .onErrorResume(e -> Mono.empty())
        .then();
  }

  private static CompletableFuture<Boolean> toCompletable(Future<Boolean> future) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    ((io.netty.util.concurrent.Future<Boolean>) future)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                done.complete(Boolean.TRUE);
              } else {
                done.completeExceptionally(f.cause());
              }
            });
    return done;
  }

  /**
   * Runs {@code script} by digest, loading it when Redis does not know it (after a restart). The
   * reply is the script's return value as a list (a single value is a one-element list).
   */
  Mono<List<Object>> run(LuaScript script, List<String> keys, List<String> args) {
    String[] k = keys.toArray(String[]::new);
    String[] a = args.toArray(String[]::new);
    return commands
        .<Object>evalsha(script.sha1(), ScriptOutputType.MULTI, k, a)
        .collectList()
        .onErrorResume(
            LettuceAdapter::isNoScript,
            e -> commands.<Object>eval(script.text(), ScriptOutputType.MULTI, k, a).collectList())
        .map(LettuceAdapter::flatten)
        .onErrorMap(e -> translate(script.name(), e));
  }

  /**
   * Runs {@code script} as {@link #run} does, with arguments that {@code args} writes straight into
   * the command: strings as UTF-8, numbers as digits, byte arrays as they are, so that an event's
   * body is never turned into a Java string. {@code args} runs again if Redis needs the script.
   */
  Mono<List<Object>> runRaw(
      LuaScript script,
      List<String> keys,
      java.util.function.Consumer<CommandArgs<String, String>> args) {
    return Mono.defer(() -> dispatch(CommandType.EVALSHA, script.sha1(), keys, args))
        .onErrorResume(
            LettuceAdapter::isNoScript, e -> dispatch(CommandType.EVAL, script.text(), keys, args))
        .map(LettuceAdapter::flatten)
        .onErrorMap(e -> translate(script.name(), e));
  }

  private Mono<List<Object>> dispatch(
      CommandType type,
      String script,
      List<String> keys,
      java.util.function.Consumer<CommandArgs<String, String>> args) {
    CommandArgs<String, String> command =
        new CommandArgs<>(StringCodec.UTF8).add(script).add(keys.size());
    for (String key : keys) {
      command.addKey(key);
    }
    args.accept(command);
    return commands
        .<Object>dispatch(type, new NestedMultiOutput<>(StringCodec.UTF8), command)
        .collectList();
  }

  /**
   * {@code XREADGROUP GROUP group consumer COUNT count STREAMS stream >}, without a script (a
   * script would copy every entry into Lua and back): the entries not yet delivered to the group,
   * each as its id followed by the values of {@code fields} (null where a field is missing). A
   * missing group is created at the stream's start ({@code MKSTREAM}) and the read repeated.
   */
  Mono<List<List<String>>> readGroup(
      String stream, String group, String consumer, int count, List<String> fields) {
    Mono<List<List<String>>> read =
        commands
            .xreadgroup(
                Consumer.from(group, consumer),
                XReadArgs.Builder.count(count),
                XReadArgs.StreamOffset.lastConsumed(stream))
            .map(m -> values(m, fields))
            .collectList();
    return read.onErrorResume(
            e -> e.getMessage() != null && e.getMessage().startsWith("NOGROUP"),
            e ->
                commands
                    .xgroupCreate(
                        XReadArgs.StreamOffset.from(stream, "0"),
                        group,
                        XGroupCreateArgs.Builder.mkstream())
                    .onErrorResume(
                        x -> x.getMessage() != null && x.getMessage().startsWith("BUSYGROUP"),
                        x -> Mono.empty())
                    .then(read))
        .onErrorMap(e -> translate("read", e));
  }

  /** {@code XACK stream group ids}, without a script. Returns how many were acked. */
  Mono<Long> ack(String stream, String group, List<String> ids) {
    return commands
        .xack(stream, group, ids.toArray(String[]::new))
        .onErrorMap(e -> translate("ack", e));
  }

  private static List<String> values(StreamMessage<String, String> m, List<String> fields) {
    Map<String, String> body = m.getBody() == null ? Map.of() : m.getBody();
    List<String> out = new ArrayList<>(fields.size() + 1);
    out.add(m.getId());
    for (String field : fields) {
      out.add(body.get(field));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> flatten(List<Object> reply) {
    if (reply.size() == 1 && reply.get(0) instanceof List<?> inner) {
      return (List<Object>) inner;
    }
    return reply;
  }

  private static boolean isNoScript(Throwable e) {
    return e instanceof RedisCommandExecutionException
        && e.getMessage() != null
        && e.getMessage().startsWith("NOSCRIPT");
  }

  private RuntimeException translate(String what, Throwable e) {
    if (e instanceof RedisCoordinationException known) {
      return known;
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof RedisCommandExecutionException && !isTransient(message)) {
      if (message.startsWith("FENCED")) {
        return RedisCoordinationException.of(
            Kind.FENCED, "redis refused a stale fence: " + message);
      }
      if (message.startsWith("OUT_OF_ORDER")) {
        return RedisCoordinationException.of(Kind.OUT_OF_ORDER, what + " refused: " + message);
      }
      return RedisCoordinationException.of(Kind.BAD_REPLY, what + " failed: " + message, e);
    }
    return RedisCoordinationException.of(
        Kind.UNAVAILABLE, "redis at " + address + " unavailable (" + what + ")", e);
  }

  /** Errors a failover or a restart answers with for a while: the primary is not ready yet. */
  private static boolean isTransient(String message) {
    return message.startsWith("LOADING")
        || message.startsWith("BUSY")
        || message.startsWith("MASTERDOWN")
        || message.startsWith("READONLY");
  }

  @Override
  public String toString() {
    return "LettuceAdapter[" + address + "]";
  }
}
