package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.internal.limit.SendWindow;
import dev.sluice.gateway.core.internal.limit.SendWindow.Lane;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * The one outbound queue of a connection, drained in order under the 120-per-60 s limit.
 * Heartbeats, Identify and Resume use the priority lane: they never wait behind user commands,
 * which share what the heartbeat reserve leaves. Each {@code Mono} completes when its frame is
 * written.
 *
 * <p>Thread-safe: the connection's pipeline and users' {@code send} calls enqueue from any thread;
 * draining never blocks (a full user lane schedules a later drain on the client's scheduler).
 */
final class OutboundQueue {

  /** User commands waiting at most; beyond this {@code send} fails fast instead of piling up. */
  static final int MAX_PENDING_USER = 1024;

  private record Item(byte[] frame, Lane lane, MonoSink<Void> done) {}

  private final Transport.Connection connection;
  private final Scheduler scheduler;
  private final GatewayObserver observer;
  private final ShardInfo shard;
  private final ArrayDeque<Item> priority = new ArrayDeque<>();
  private final ArrayDeque<Item> user = new ArrayDeque<>();
  private SendWindow window;
  private Disposable scheduledDrain;
  private GatewayException closed;

  OutboundQueue(Transport.Connection connection, Scheduler scheduler, Duration heartbeatInterval) {
    this(connection, scheduler, heartbeatInterval, GatewayObserver.none(), ShardInfo.SINGLE);
  }

  /** A queue that reports its length and the user commands it wrote to {@code observer}. */
  OutboundQueue(
      Transport.Connection connection,
      Scheduler scheduler,
      Duration heartbeatInterval,
      GatewayObserver observer,
      ShardInfo shard) {
    this.connection = connection;
    this.scheduler = scheduler;
    this.observer = observer;
    this.shard = shard;
    this.window = SendWindow.forDiscord(heartbeatInterval);
  }

  /** Resizes the heartbeat reserve once Hello tells the interval. */
  synchronized void heartbeatInterval(Duration interval) {
    SendWindow resized = SendWindow.forDiscord(interval);
    long now = now();
    for (int i = window.inWindow(now); i > 0; i--) {
      resized.record(Lane.PRIORITY, now);
    }
    window = resized;
  }

  Mono<Void> priority(byte[] frame) {
    return enqueue(frame, Lane.PRIORITY);
  }

  Mono<Void> user(byte[] frame) {
    return enqueue(frame, Lane.USER);
  }

  private Mono<Void> enqueue(byte[] frame, Lane lane) {
    return Mono.create(
        sink -> {
          synchronized (this) {
            if (closed != null) {
              sink.error(closed);
              return;
            }
            if (lane == Lane.USER && user.size() >= MAX_PENDING_USER) {
              sink.error(
                  GatewayException.of(
                      GatewayException.Kind.CONNECTION,
                      "outbound queue is full (" + MAX_PENDING_USER + " commands)"));
              return;
            }
            (lane == Lane.PRIORITY ? priority : user).add(new Item(frame, lane, sink));
            observer.outboundQueueLength(shard, priority.size() + user.size());
          }
          drain();
        });
  }

  private void drain() {
    while (true) {
      synchronized (this) {
        if (closed != null) {
          return;
        }
        long now = now();
        Lane lane = priority.isEmpty() ? Lane.USER : Lane.PRIORITY;
        ArrayDeque<Item> queue = lane == Lane.PRIORITY ? priority : user;
        if (queue.isEmpty()) {
          return;
        }
        long wait = window.delayNanos(lane, now);
        if (wait > 0) {
          if (scheduledDrain == null || scheduledDrain.isDisposed()) {
            scheduledDrain = scheduler.schedule(this::drain, wait, TimeUnit.NANOSECONDS);
          }
          return;
        }
        window.record(lane, now);
        Item item = queue.poll();
        observer.outboundQueueLength(shard, priority.size() + user.size());
        // Subscribed under the lock so frames reach the channel in queue order.
        connection
            .send(item.frame())
            .subscribe(null, e -> item.done().error(notWritten(e)), () -> written(item));
      }
    }
  }

  private void written(Item item) {
    if (item.lane() == Lane.USER) {
      observer.commandSent(shard);
    }
    item.done().success();
  }

  /** Fails everything still queued; later sends fail at once. */
  void close(GatewayException why) {
    ArrayDeque<Item> failed = new ArrayDeque<>();
    synchronized (this) {
      if (closed != null) {
        return;
      }
      closed = why;
      failed.addAll(priority);
      failed.addAll(user);
      priority.clear();
      user.clear();
      observer.outboundQueueLength(shard, 0);
      if (scheduledDrain != null) {
        scheduledDrain.dispose();
      }
    }
    failed.forEach(item -> item.done().error(why));
  }

  /** A write that failed: the socket went away under it (typed, as every send failure is). */
  private static GatewayException notWritten(Throwable e) {
    return e instanceof GatewayException typed
        ? typed
        : GatewayException.of(
            GatewayException.Kind.CONNECTION, "not written: the connection closed", e);
  }

  private long now() {
    return scheduler.now(TimeUnit.NANOSECONDS);
  }
}
