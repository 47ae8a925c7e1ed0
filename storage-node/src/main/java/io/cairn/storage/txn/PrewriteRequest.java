package io.cairn.storage.txn;

import io.cairn.storage.txn.actions.Mutation;
import java.util.List;

/**
 * kv_prewrite. For an optimistic transaction {@code forUpdateTs} is 0 and
 * {@code pessimisticLocks} empty; for a pessimistic one, {@code pessimisticLocks.get(i)} says
 * whether mutation {@code i} holds a pessimistic lock that must still be there.
 *
 * <p>With {@code tryOnePc} the node may commit the transaction at once (one-phase commit: commit
 * records instead of locks, at a commit timestamp it picks) when every mutation is in this
 * request; it falls back to a plain prewrite when it cannot (see {@link TxnStore#prewrite}).
 *
 * @param txnSize 0 means the number of mutations
 * @param minCommitTs 0 means max(start_ts, for_update_ts) + 1
 * @param maxCommitTs the largest commit timestamp a one-phase commit may pick; 0 means no limit
 */
public record PrewriteRequest(
    List<Mutation> mutations,
    byte[] primary,
    long startTs,
    long lockTtl,
    long txnSize,
    long forUpdateTs,
    List<Boolean> pessimisticLocks,
    long minCommitTs,
    boolean tryOnePc,
    long maxCommitTs) {

  public PrewriteRequest {
    mutations = List.copyOf(mutations);
    pessimisticLocks = List.copyOf(pessimisticLocks);
    if (!pessimisticLocks.isEmpty() && pessimisticLocks.size() != mutations.size()) {
      throw new IllegalArgumentException("pessimistic flags do not match mutations");
    }
    if (forUpdateTs == 0 && pessimisticLocks.contains(Boolean.TRUE)) {
      throw new IllegalArgumentException("pessimistic locks in an optimistic prewrite");
    }
  }

  /** A two-phase prewrite. */
  public PrewriteRequest(List<Mutation> mutations, byte[] primary, long startTs, long lockTtl,
      long txnSize, long forUpdateTs, List<Boolean> pessimisticLocks, long minCommitTs) {
    this(mutations, primary, startTs, lockTtl, txnSize, forUpdateTs, pessimisticLocks,
        minCommitTs, false, 0);
  }

  /** This request asking for a one-phase commit bounded by {@code maxCommitTs} (0: none). */
  public PrewriteRequest withOnePc(long maxCommitTs) {
    return new PrewriteRequest(mutations, primary, startTs, lockTtl, txnSize, forUpdateTs,
        pessimisticLocks, minCommitTs, true, maxCommitTs);
  }

  public static PrewriteRequest optimistic(
      List<Mutation> mutations, byte[] primary, long startTs, long lockTtl) {
    return new PrewriteRequest(mutations, primary, startTs, lockTtl, 0, 0, List.of(), 0);
  }

  public static PrewriteRequest pessimistic(
      List<Mutation> mutations, byte[] primary, long startTs, long lockTtl, long forUpdateTs,
      List<Boolean> pessimisticLocks) {
    return new PrewriteRequest(
        mutations, primary, startTs, lockTtl, 0, forUpdateTs, pessimisticLocks, 0);
  }
}
