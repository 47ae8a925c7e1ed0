package io.cairn.tikv.rpc;

import com.google.protobuf.Message;
import io.cairn.tikv.error.UndeterminedCommitException;
import io.cairn.tikv.region.CachedRegion;
import io.cairn.tikv.region.RegionCache;
import io.cairn.tikv.region.RegionKeys;
import io.cairn.tikv.retry.BackoffMetrics;
import io.cairn.tikv.retry.Backoffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;

/**
 * The transaction layer's way of sending: to the region of one key, or to every region of a
 * set of keys in size-limited batches, re-grouping after a region changes (client-go's
 * {@code doActionOnGroupMutations} / {@code doActionOnBatches}).
 *
 * <p>Fan-out runs the batches on the given bounded executor, each with its own
 * {@link Backoffer#forSubTask()}; the caller waits for all of them and the first failure is
 * rethrown. Batch tasks must not fan out again on the same executor (they would wait on their
 * own pool); nothing in the driver does. Thread-safe.
 */
public final class KvRpc {

  /** One batch of keys in one region. */
  @FunctionalInterface
  public interface RegionTask {
    /**
     * Serves {@code keys}, all in {@code region} as the cache saw it.
     *
     * @return false when the region changed under the request: the keys are grouped again and
     *     the task runs for each new group
     */
    boolean run(Backoffer bo, CachedRegion region, List<byte[]> keys);
  }

  private final RegionCache cache;
  private final RegionRequestSender sender;
  private final ExecutorService pool;
  private final BackoffMetrics backoffMetrics;

  /**
   * @param pool runs parallel batches; it must carry the submitter's OpenTelemetry context to
   *     the task ({@link io.opentelemetry.context.Context#taskWrapping}) for the batches' RPC
   *     spans to join the caller's trace
   * @param backoffMetrics counts the sleeps of every Backoffer made by {@link #backoffer}
   */
  public KvRpc(RegionCache cache, RegionRequestSender sender, ExecutorService pool, BackoffMetrics backoffMetrics) {
    this.cache = cache;
    this.sender = sender;
    this.pool = pool;
    this.backoffMetrics = backoffMetrics;
  }

  /** A fresh retry budget for one task, its sleeps counted in the storage's backoff metrics. */
  public Backoffer backoffer(long budgetMillis) {
    return Backoffer.withBudget(budgetMillis, backoffMetrics);
  }

  public RegionCache regionCache() {
    return cache;
  }

  /**
   * Sends {@code request} to the region holding {@code key}, locating it again after each
   * region change.
   *
   * @throws UndeterminedCommitException when a commit-type request failed in transport
   */
  public <Req extends Message, Resp extends Message> Resp sendToKey(
      Backoffer bo, RpcKind<Req, Resp> kind, byte[] key, Req request, RequestOptions options) {
    while (true) {
      CachedRegion region = cache.locateKey(key, bo);
      Resp resp = sendInRegion(bo, kind, region, request, options);
      if (resp != null) {
        return resp;
      }
    }
  }

  /**
   * Sends {@code request} to {@code region}.
   *
   * @return the response, or null when the region changed (the caller groups its keys again)
   * @throws UndeterminedCommitException when a commit-type request failed in transport
   */
  public <Req extends Message, Resp extends Message> Resp sendInRegion(
      Backoffer bo, RpcKind<Req, Resp> kind, CachedRegion region, Req request, RequestOptions options) {
    SendOutcome<Resp> outcome = sender.send(bo, kind, region, request, options);
    if (outcome instanceof SendOutcome.Ok<Resp> ok) {
      return ok.response();
    }
    if (outcome instanceof SendOutcome.Undetermined<Resp> u) {
      throw new UndeterminedCommitException(
          kind.name() + " to region " + u.region().id() + " on store " + u.storeId() + " failed in transport", u.cause());
    }
    return null;
  }

  /**
   * Runs {@code task} for every region batch of {@code keys}: keys are grouped by region, and a
   * group is cut into batches whose summed {@code sizeOf} stays under {@code batchBytes} (a
   * batch always has at least one key).
   *
   * @param parallel run the batches concurrently on the executor; otherwise one after another
   *     in the calling thread
   */
  public void forEachBatch(
      Backoffer bo, List<byte[]> keys, ToLongFunction<byte[]> sizeOf, long batchBytes, boolean parallel, RegionTask task) {
    List<RegionKeys> batches = new ArrayList<>();
    for (RegionKeys group : cache.groupKeysByRegion(keys, bo)) {
      List<byte[]> current = new ArrayList<>();
      long size = 0;
      for (byte[] k : group.keys()) {
        current.add(k);
        size += sizeOf.applyAsLong(k);
        if (size >= batchBytes) {
          batches.add(new RegionKeys(group.region(), current));
          current = new ArrayList<>();
          size = 0;
        }
      }
      if (!current.isEmpty()) {
        batches.add(new RegionKeys(group.region(), current));
      }
    }
    if (!parallel || batches.size() == 1) {
      for (RegionKeys b : batches) {
        runBatch(bo, b, sizeOf, batchBytes, task);
      }
      return;
    }
    List<Future<?>> futures = new ArrayList<>(batches.size());
    for (RegionKeys b : batches) {
      Backoffer sub = bo.forSubTask();
      futures.add(pool.submit(() -> runBatch(sub, b, sizeOf, batchBytes, task)));
    }
    awaitAll(futures);
  }

  private void runBatch(Backoffer bo, RegionKeys batch, ToLongFunction<byte[]> sizeOf, long batchBytes, RegionTask task) {
    if (!task.run(bo, batch.region(), batch.keys())) {
      forEachBatch(bo, batch.keys(), sizeOf, batchBytes, false, task);
    }
  }

  /** Waits for every future and rethrows the first failure (unchecked failures as they are). */
  public static void awaitAll(List<? extends Future<?>> futures) {
    RuntimeException first = null;
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(x -> x.cancel(true));
        throw new CancellationException("interrupted while waiting for region batches");
      } catch (ExecutionException e) {
        if (first == null) {
          first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
