package io.cairn.storage.raft;

import static io.cairn.storage.raft.RaftRegionEngineTest.WAIT;
import static io.cairn.storage.raft.RaftTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.reader.KvEntry;
import io.cairn.storage.mvcc.reader.ReadOptions;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.ReadKind;
import io.cairn.storage.region.RegionError;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RequestContext;
import io.cairn.storage.txn.PrewriteRequest;
import io.cairn.storage.txn.actions.Mutation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replica and stale reads served by followers of a three-replica region (store 1 leads),
 * through the real read-index and safe-ts service between the stores.
 */
@Tag("slow")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FollowerReadTest {
  private static final ReadOptions NO_BYPASS = new ReadOptions(java.util.Set.of(), java.util.Set.of());

  @TempDir static Path dir;
  static FollowerReadCluster c;

  @BeforeAll
  static void start() throws Exception {
    c = new FollowerReadCluster(dir, b -> b.electionTimeout(Duration.ofMillis(1000), Duration.ofMillis(2000))
        .requestTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(10)));
  }

  @AfterAll
  static void stop() {
    if (c != null) {
      c.close();
    }
  }

  @AfterEach
  void heal() {
    c.heal();
  }

  @Test
  void followerReplicaReadsSeeEveryAcknowledgedWrite() {
    RegionMeta meta = c.createRegion("lin");
    for (long seed : new long[] {1, 2, 3, System.nanoTime()}) {
      Random rnd = new Random(seed);
      Map<String, String> model = new HashMap<>();
      String keys = "lin/" + seed + "/k";
      for (int i = 0; i < 25; i++) {
        String key = keys + rnd.nextInt(6);
        String value = "v" + seed + "-" + i;
        commit(meta, key, value);
        model.put(key, value);
        long follower = 2 + rnd.nextInt(2);
        String probe = rnd.nextBoolean() ? key : keys + rnd.nextInt(6);
        KvEntry e = c.reader(follower).get(ctx(meta, follower, ReadKind.REPLICA, c.tso()), bytes(probe), c.tso(), NO_BYPASS);
        assertThat(e.isError()).as("seed %d step %d: %s on store %d", seed, i, probe, follower).isFalse();
        assertThat(string(e.value())).as("seed %d step %d: %s read on store %d right after the write", seed, i, probe, follower)
            .isEqualTo(model.get(probe));
      }
    }
    assertThat(c.reads(2).stats().replicaReadsServed() + c.reads(3).stats().replicaReadsServed()).isGreaterThanOrEqualTo(100);
  }

  @Test
  void aFollowerReplicaReadRaisesTheLeadersMaxTs() {
    RegionMeta meta = c.createRegion("maxts");
    commit(meta, "maxts/a", "1");
    long readTs = c.tso() + (1L << 30);
    long servedBefore = c.reads(1).stats().readIndexServed();
    KvEntry e = c.reader(2).get(ctx(meta, 2, ReadKind.REPLICA, readTs), bytes("maxts/a"), readTs, NO_BYPASS);
    assertThat(string(e.value())).isEqualTo("1");
    assertThat(c.concurrency(1).maxTs()).isGreaterThanOrEqualTo(readTs);
    assertThat(c.concurrency(2).maxTs()).as("the follower's own max_ts is not the one commits look at").isLessThan(readTs);
    assertThat(c.reads(1).stats().readIndexServed()).isGreaterThan(servedBefore);
  }

  @Test
  void staleReadsAtOrBelowTheSafeTsAreServedByFollowersAndAboveItGetDataIsNotReady() {
    RegionMeta meta = c.createRegion("stale");
    long committed = commit(meta, "stale/a", "old");
    long safe = awaitSafeTsAbove(meta, 2, committed);
    long staleBefore = c.reads(2).stats().staleReadsServed();

    KvEntry e = c.reader(2).get(ctx(meta, 2, ReadKind.STALE, safe), bytes("stale/a"), safe, NO_BYPASS);
    assertThat(string(e.value())).isEqualTo("old");
    assertThat(c.reads(2).stats().staleReadsServed()).isEqualTo(staleBefore + 1);

    RegionException above = catchThrowableOfType(RegionException.class,
        () -> c.reader(2).get(ctx(meta, 2, ReadKind.STALE, safe + 1), bytes("stale/a"), safe + 1, NO_BYPASS));
    assertThat(above.error()).isEqualTo(new RegionError.DataIsNotReady(meta.id(), 102, c.reads(2).safeTs(meta.id())));
    assertThat(c.concurrency(1).maxTs()).as("the leader raised max_ts before advertising").isGreaterThanOrEqualTo(safe);

    // the leader serves a stale read like a normal one, whatever its ts
    long now = c.tso();
    commit(meta, "stale/a", "new");
    long later = c.tso();
    assertThat(string(c.reader(1).get(ctx(meta, 1, ReadKind.STALE, later), bytes("stale/a"), later, NO_BYPASS).value()))
        .isEqualTo("new");
    assertThat(now).isGreaterThan(safe);
  }

  @Test
  void aPendingLockHoldsTheSafeTsBelowItsStartTs() {
    RegionMeta meta = c.createRegion("lock");
    long lockTs = c.tso();
    prewrite(meta, "lock/a", "pending", lockTs);
    c.advance();
    c.advance();
    await(WAIT, () -> c.reads(2).safeTs(meta.id()) == lockTs - 1, "store 2's safe ts to stop below the lock");
    assertThat(c.reads(1).safeTs(meta.id())).as("advertised by the leader").isEqualTo(lockTs - 1);

    KvEntry below = c.reader(2).get(ctx(meta, 2, ReadKind.STALE, lockTs - 1), bytes("lock/a"), lockTs - 1, NO_BYPASS);
    assertThat(below.isError()).isFalse();
    assertThat(below.value()).isNull();
    assertThat(catchThrowableOfType(RegionException.class,
        () -> c.reader(2).get(ctx(meta, 2, ReadKind.STALE, lockTs), bytes("lock/a"), lockTs, NO_BYPASS)).error())
        .isInstanceOf(RegionError.DataIsNotReady.class);

    // a replica read meets the lock and reports it as the leader would
    long readTs = c.tso();
    KvEntry locked = c.reader(3).get(ctx(meta, 3, ReadKind.REPLICA, readTs), bytes("lock/a"), readTs, NO_BYPASS);
    KvEntry onLeader = c.reader(1).get(ctx(meta, 1, ReadKind.LEADER, readTs), bytes("lock/a"), readTs, NO_BYPASS);
    assertThat(locked.error()).isInstanceOf(KeyError.Locked.class).hasToString(String.valueOf(onLeader.error()));

    long commitTs = c.tso();
    assertThat(c.txn(1).commit(ctx(meta, 1, ReadKind.LEADER, 0), List.of(bytes("lock/a")), lockTs, commitTs)).isEmpty();
    long safe = awaitSafeTsAbove(meta, 2, commitTs);
    assertThat(string(c.reader(2).get(ctx(meta, 2, ReadKind.STALE, safe), bytes("lock/a"), safe, NO_BYPASS).value()))
        .isEqualTo("pending");
  }

  @Test
  void aFollowerCutOffFromTheLeaderStopsAdvancingItsSafeTs() {
    RegionMeta meta = c.createRegion("cut");
    long first = commit(meta, "cut/a", "1");
    awaitSafeTsAbove(meta, 2, first);
    awaitSafeTsAbove(meta, 3, first);

    c.cut(3);
    // what store 3 heard before the cut becomes usable as it applies; then nothing more
    await(WAIT, () -> c.reads(3).safeTs(meta.id()) == c.reads(3).heardSafeTs(meta.id()), "store 3 to apply what it heard");
    long s3 = c.reads(3).safeTs(meta.id());
    long second = commit(meta, "cut/a", "2");
    long s2 = awaitSafeTsAbove(meta, 2, second);
    for (int i = 0; i < 3; i++) {
      c.advance();
    }
    assertThat(c.reads(3).safeTs(meta.id())).as("store 3 hears nothing").isEqualTo(s3);
    assertThat(s2).isGreaterThan(s3);
    RegionException stale = catchThrowableOfType(RegionException.class,
        () -> c.reader(3).get(ctx(meta, 3, ReadKind.STALE, s2), bytes("cut/a"), s2, NO_BYPASS));
    assertThat(stale.error()).isEqualTo(new RegionError.DataIsNotReady(meta.id(), 103, s3));

    // cut off entirely, a replica read cannot get a read index and sends the client to the leader
    c.isolate(3);
    long readTs = c.tso();
    RegionException replica = catchThrowableOfType(RegionException.class,
        () -> c.reader(3).get(ctx(meta, 3, ReadKind.REPLICA, readTs), bytes("cut/a"), readTs, NO_BYPASS));
    assertThat(replica.error()).isInstanceOfSatisfying(RegionError.NotLeader.class,
        n -> assertThat(n.leader().storeId()).isEqualTo(1));

    c.heal();
    long healed = awaitSafeTsAbove(meta, 3, second);
    assertThat(string(c.reader(3).get(ctx(meta, 3, ReadKind.STALE, healed), bytes("cut/a"), healed, NO_BYPASS).value()))
        .isEqualTo("2");
  }

  /** Runs safe ts rounds until store {@code store}'s usable safe ts for the region is above {@code ts}. */
  private static long awaitSafeTsAbove(RegionMeta meta, long store, long ts) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      c.advance();
      long safe = c.reads(store).safeTs(meta.id());
      if (safe > ts) {
        return safe;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("store " + store + "'s safe ts of region " + meta.id() + " stays at " + safe + ", not above " + ts);
      }
      RaftTestCluster.pause(10);
    }
  }

  static RequestContext ctx(RegionMeta meta, long store, ReadKind kind, long ts) {
    return RequestContext.of(meta.id(), meta.epoch(), store, 0, KeyMode.TXN).withRead(kind, ts);
  }

  /** Prewrites and commits {@code key = value} through the leader; returns the commit ts. */
  private static long commit(RegionMeta meta, String key, String value) {
    long startTs = c.tso();
    prewrite(meta, key, value, startTs);
    long commitTs = c.tso();
    Optional<KeyError> err = c.txn(1).commit(ctx(meta, 1, ReadKind.LEADER, 0), List.of(bytes(key)), startTs, commitTs);
    assertThat(err).as("commit of %s", key).isEmpty();
    return commitTs;
  }

  private static void prewrite(RegionMeta meta, String key, String value, long startTs) {
    var r = c.txn(1).prewrite(ctx(meta, 1, ReadKind.LEADER, 0), new PrewriteRequest(
        List.of(Mutation.put(bytes(key), bytes(value))), bytes(key), startTs, 60_000, 1, 0, List.of(), 0));
    assertThat(r.errors()).as("prewrite of %s", key).isEmpty();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String string(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }
}
