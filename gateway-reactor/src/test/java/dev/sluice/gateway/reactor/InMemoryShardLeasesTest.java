package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

class InMemoryShardLeasesTest {

  @Test
  void joinGrantsEveryShardWithGrowingFences() {
    ShardLeases leases = ShardLeases.inMemory(3);
    List<ShardLease> got = new CopyOnWriteArrayList<>();
    Disposable sub = leases.assignments().subscribe(got::add);
    leases.join().block(Duration.ofSeconds(5));
    leases.join().block(Duration.ofSeconds(5)); // idempotent
    assertThat(got).extracting(l -> l.shard().id()).containsExactly(0, 1, 2);
    assertThat(got).extracting(ShardLease::fence).containsExactly(1L, 2L, 3L);
    assertThat(got).allSatisfy(l -> assertThat(l.isLost()).isFalse());
    sub.dispose();
  }

  @Test
  void aReleasedLeaseIsLostAndGrantedAgainUnderAGreaterFence() {
    ShardLeases leases = ShardLeases.inMemory(2);
    List<ShardLease> got = new CopyOnWriteArrayList<>();
    Disposable sub = leases.assignments().subscribe(got::add);
    leases.join().block(Duration.ofSeconds(5));
    ShardLease first = got.get(1);
    leases.release(first).block(Duration.ofSeconds(5));
    assertThat(first.isLost()).isTrue();
    assertThat(first.lost().block(Duration.ofSeconds(1))).isNull();
    assertThat(got).hasSize(3);
    assertThat(got.get(2).shard()).isEqualTo(first.shard());
    assertThat(got.get(2).fence()).isGreaterThan(first.fence());
    leases.release(first).block(Duration.ofSeconds(5)); // a lost lease: nothing happens
    assertThat(got).hasSize(3);
    sub.dispose();
  }

  @Test
  void leaveAsksForHandoffsAndEndsWhenAllAreReleased() {
    ShardLeases leases = ShardLeases.inMemory(2);
    List<ShardLease> got = new CopyOnWriteArrayList<>();
    leases
        .assignments()
        .subscribe(
            lease -> {
              got.add(lease);
              lease.handoff().then(leases.release(lease)).subscribe();
            });
    leases.join().block(Duration.ofSeconds(5));
    leases.leave().block(Duration.ofSeconds(5));
    assertThat(got).hasSize(2).allSatisfy(l -> assertThat(l.isLost()).isTrue());
    assertThat(leases.assignments().collectList().block(Duration.ofSeconds(1))).isEmpty();
    assertThatThrownBy(() -> ShardLeases.inMemory(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
