package io.cairn.storage.txn;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this store's {@link ConcurrencyManager} covers every read served on a region, which
 * a command must know before it picks a commit timestamp itself (one-phase commit). Reads served
 * by an earlier leader on another store are not in this store's max_ts, so after this store
 * becomes a region's leader at a term, a PD timestamp fetched after that is observed first
 * (TiKV's max-ts sync on a role change); until then the region is not synced at that term.
 *
 * <p>{@link #isSynced} is cheap and never blocks: the first call for a new leader term starts
 * the sync on the executor and answers false. A region's pieces after a split inherit the
 * parent's synced term ({@link #onSplit}): the split was applied while this store led the
 * parent, so its max_ts already covers their reads.
 *
 * <p>Thread-safe.
 */
public final class MaxTsSync {
  private static final Logger LOG = LoggerFactory.getLogger(MaxTsSync.class);

  /** The term at which this store leads a region, or -1 when it does not lead it. */
  @FunctionalInterface
  public interface LeaderTerms {
    long termIfLeader(long regionId);
  }

  /**
   * A store whose regions are never led elsewhere (a single standalone server): every region
   * is always synced.
   */
  public static final MaxTsSync ALWAYS_SYNCED = new MaxTsSync(null, null, null, null);

  private final ConcurrencyManager cm;
  private final LeaderTerms terms;
  private final LongSupplier pdTimestamp;
  private final Executor executor;
  private final Map<Long, Long> syncedTerm = new ConcurrentHashMap<>();
  private final Map<Long, Long> syncing = new ConcurrentHashMap<>();

  /**
   * @param pdTimestamp fetches a fresh PD timestamp (blocking; may throw, then a later call
   *     retries)
   * @param executor runs the fetches
   */
  public MaxTsSync(ConcurrencyManager cm, LeaderTerms terms, LongSupplier pdTimestamp,
      Executor executor) {
    this.cm = cm;
    this.terms = terms;
    this.pdTimestamp = pdTimestamp;
    this.executor = executor;
  }

  /**
   * True when max_ts is synced for this store's current leadership of {@code regionId}; false
   * when it is not (a sync is then started if none runs) or this store does not lead it.
   */
  public boolean isSynced(long regionId) {
    if (terms == null) {
      return true;
    }
    long term = terms.termIfLeader(regionId);
    if (term < 0) {
      return false;
    }
    Long synced = syncedTerm.get(regionId);
    if (synced != null && synced == term) {
      return true;
    }
    Long running = syncing.putIfAbsent(regionId, term);
    if (running == null) {
      try {
        executor.execute(() -> sync(regionId, term));
      } catch (RejectedExecutionException e) {
        syncing.remove(regionId, term);
      }
    } else if (running != term) {
      // a sync for an older term is running; the next call after it starts this one
      LOG.debug("region {}: max_ts sync for term {} waits for the one of term {}", regionId,
          term, running);
    }
    return false;
  }

  private void sync(long regionId, long term) {
    try {
      // the term was read before the fetch, so the timestamp postdates the leadership
      long ts = pdTimestamp.getAsLong();
      cm.observe(ts);
      syncedTerm.merge(regionId, term, Math::max);
    } catch (RuntimeException e) {
      LOG.info("region {}: max_ts sync for term {} failed, will retry: {}", regionId, term,
          e.toString());
    } finally {
      syncing.remove(regionId, term);
    }
  }

  /** {@code pieces} (region ids) inherit {@code parentId}'s synced term. */
  public void onSplit(long parentId, Iterable<Long> pieces) {
    Long synced = syncedTerm.get(parentId);
    if (synced == null) {
      return;
    }
    for (long id : pieces) {
      syncedTerm.merge(id, synced, Math::max);
    }
  }
}
