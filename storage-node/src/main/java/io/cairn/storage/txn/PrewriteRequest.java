package io.cairn.storage.txn;

import io.cairn.storage.txn.actions.Mutation;
import java.util.List;

/**
 * kv_prewrite. For an optimistic transaction {@code forUpdateTs} is 0 and
 * {@code pessimisticLocks} empty; for a pessimistic one, {@code pessimisticLocks.get(i)} says
 * whether mutation {@code i} holds a pessimistic lock that must still be there.
 *
 * @param txnSize 0 means the number of mutations
 * @param minCommitTs 0 means max(start_ts, for_update_ts) + 1
 */
public record PrewriteRequest(
    List<Mutation> mutations,
    byte[] primary,
    long startTs,
    long lockTtl,
    long txnSize,
    long forUpdateTs,
    List<Boolean> pessimisticLocks,
    long minCommitTs) {

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
