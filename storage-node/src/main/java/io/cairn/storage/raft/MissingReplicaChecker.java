package io.cairn.storage.raft;

import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.util.PeriodicTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the replicas that regions led by this store name but whose stores do not run them.
 *
 * <p>TiKV creates a peer when a Raft message arrives for a region its store does not have;
 * Ratis answers such a message with a group mismatch, so here the leader starts the replica.
 * One goes missing when a replica catches up by a snapshot taken after a split: it never
 * applies the split, so it never starts its replica of the new region, which lists it. That
 * region would lack a replica for ever, and with one more store down lose its quorum.
 *
 * <p>Every {@code interval}, for each region this store leads, each replica the leader
 * replicates to that has never matched an entry of its log and has not answered for
 * {@code silence} is started on its store ({@link RaftStore#startMissingReplica}; one already
 * running there is fine, so a replica that is merely slow costs one call). The starts run one
 * after another on the checker's own thread. A replica is started again no sooner than
 * {@code retry}, and a store that could not be reached is left alone for as long (a store that
 * is down has silent replicas too). A replica the leader does not replicate to yet (a
 * membership change half done) is left to that change.
 *
 * <p>Thread-safe; {@link #close} stops it.
 */
public final class MissingReplicaChecker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MissingReplicaChecker.class);

  private record Replica(long regionId, long storeId) {}

  private final RaftStore store;
  private final Duration silence;
  private final Duration retry;
  private final PeriodicTask task;
  /** When each replica was last started, in {@link System#nanoTime()}. */
  private final Map<Replica, Long> tried = new HashMap<>();
  /** Stores a start failed on, and when. */
  private final Map<Long, Long> unreachable = new HashMap<>();

  /**
   * @param silence how long a replica that never matched may stay silent before it is started
   * @param retry how long after a start the same replica may be started again
   */
  public MissingReplicaChecker(RaftStore store, Duration silence, Duration retry) {
    if (silence.isNegative() || retry.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative: " + silence + ", "
          + retry);
    }
    this.store = store;
    this.silence = silence;
    this.retry = retry;
    this.task = new PeriodicTask("missing-replica-check-" + store.storeId());
  }

  /** Silent for 10 s, tried again after 30 s. */
  public static MissingReplicaChecker withDefaults(RaftStore store) {
    return new MissingReplicaChecker(store, Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  public void start(Duration interval) {
    task.start(interval, interval, this::checkOnce);
  }

  /** One pass; returns the replicas it started. */
  public synchronized List<PeerMeta> checkOnce() {
    long now = System.nanoTime();
    unreachable.values().removeIf(at -> now - at >= retry.toNanos());
    Map<Replica, Long> stillMissing = new HashMap<>();
    List<PeerMeta> started = new ArrayList<>();
    for (long regionId : store.regionIds()) {
      RegionMeta meta;
      LeaderProgress progress;
      try {
        RegionPeer peer = store.region(regionId);
        progress = peer.leaderProgress();
        meta = peer.meta();
      } catch (RegionException e) {
        continue; // removed meanwhile, or joining without a meta yet
      }
      if (progress == null) {
        continue; // not the leader (or its view is changing)
      }
      for (PeerMeta p : meta.peers()) {
        LeaderProgress.Follower f = progress.follower(p.storeId());
        if (p.storeId() == store.storeId() || f == null || f.matchIndex() >= 0
            || f.silentMs() < silence.toMillis()) {
          continue;
        }
        Replica r = new Replica(regionId, p.storeId());
        Long last = tried.get(r);
        if ((last != null && now - last < retry.toNanos())
            || unreachable.containsKey(p.storeId())) {
          if (last != null) {
            stillMissing.put(r, last);
          }
          continue;
        }
        stillMissing.put(r, now);
        LOG.info("store {}: region {} names a replica on store {} that never answered in {} ms;"
            + " starting it there", store.storeId(), regionId, p.storeId(), f.silentMs());
        try {
          store.startMissingReplica(meta, p);
          started.add(p);
        } catch (RuntimeException e) {
          unreachable.put(p.storeId(), System.nanoTime());
          LOG.info("store {}: starting region {} on store {} failed; leaving the store alone for"
              + " {}: {}", store.storeId(), regionId, p.storeId(), retry, e.toString());
        }
      }
    }
    tried.clear();
    tried.putAll(stillMissing);
    return started;
  }

  @Override
  public void close() {
    task.close();
  }
}
