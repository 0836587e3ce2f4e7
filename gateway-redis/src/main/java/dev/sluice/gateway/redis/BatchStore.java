package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.event.RawEvent;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Stores one batch of a shard's dispatches before they are delivered: the session store alone (the
 * sequence only), or an {@link EventSink} (the events and the sequence in one fenced step).
 */
@FunctionalInterface
interface BatchStore {

  /**
   * Stores {@code batch}, the {@code number}-th (from 1) this store was given; {@code
   * sessionIds.get(i)} is the session of {@code batch.get(i)} (null before the first READY), and
   * {@code last} the session after the batch. Completes when the batch may be delivered; fails with
   * {@code FENCED} when the lease was taken over, with {@code OUT_OF_ORDER} (nothing stored) when
   * the batch before it is not stored yet. With {@code rebase} the batch continues nothing: sent
   * when it was refused although the batch before it was stored (Redis lost what recorded that).
   */
  Mono<Void> store(
      Session last, List<String> sessionIds, List<RawEvent> batch, long number, boolean rebase);

  /**
   * How many batches may be in flight at once: 1 (the default) unless the store refuses a batch
   * whose predecessor is not stored ({@code OUT_OF_ORDER}), so that a failed batch followed by a
   * stored one can never leave a hole.
   */
  default int inFlight() {
    return 1;
  }
}
