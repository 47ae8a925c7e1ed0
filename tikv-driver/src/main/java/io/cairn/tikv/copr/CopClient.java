package io.cairn.tikv.copr;

import com.google.protobuf.ByteString;
import io.cairn.kv.Client;
import io.cairn.kv.CopRequest;
import io.cairn.kv.CopRequestType;
import io.cairn.kv.CopResponse;
import io.cairn.kv.CopResponseIterator;
import io.cairn.proto.coprocessor.Request;
import io.cairn.proto.coprocessor.Response;
import io.cairn.proto.kvrpcpb.CommandPri;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.LockInfo;
import io.cairn.tikv.config.BackoffBudgets;
import io.cairn.tikv.config.RuntimeSettings;
import io.cairn.tikv.error.ErrorTranslator;
import io.cairn.tikv.region.KeyRange;
import io.cairn.tikv.region.RegionCache;
import io.cairn.tikv.region.RegionRanges;
import io.cairn.tikv.retry.BackoffKind;
import io.cairn.tikv.retry.Backoffer;
import io.cairn.tikv.rpc.KvRpc;
import io.cairn.tikv.rpc.RequestOptions;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.txn.lock.LockResolver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongConsumer;

/**
 * The kv-interface coprocessor {@link Client} over the TiKV protocol (client-go's {@code
 * CopClient}). A request's ranges are split by region into tasks ({@link CopTask}); each task
 * is one {@code Coprocessor} RPC carrying the request's payload under the request type's
 * {@code tp}, its start ts and the task's ranges, routed by the {@link KvRpc}'s request sender
 * with the configured deadline. {@link CopIterator} runs the tasks and streams the answers.
 *
 * <p>Before it is sent, a task looks for its answer in the {@link CoprCache}; a complete answer
 * from a node is offered to it.
 *
 * <p>A task retries under its own {@link Backoffer} ({@link BackoffBudgets#copMillis()}):
 * when its region changed (EpochNotMatch, region not found, key not in region, unreachable),
 * the sender has already refreshed the region cache, and the task's ranges are split again
 * into pieces run in key order by the same worker, so a keep-order request stays in order. A
 * lock the node reports is handed to the {@link LockResolver} (as a reader at the request's
 * start ts); a live owner makes the task back off {@code TXN_LOCK_FAST} for at most the lock's
 * remaining TTL, and an owner pushed past the start ts is sent along in {@code
 * Context.resolved_locks}. An {@code other_error} fails the request. Errors leave through
 * {@link ErrorTranslator}.
 *
 * <p>Request types: {@link CopRequestType#DAG} travels as Cairn's DAG format, {@code tp}
 * {@value #TP_CAIRN_DAG}; the others are refused. Task workers are virtual threads owned by the
 * client; {@link #close()} (by the owning storage) cancels every open iterator. Thread-safe.
 */
public final class CopClient implements Client, AutoCloseable {

  /**
   * Pages: a task's first request asks the node to stop after this many rows (TiDB's {@code
   * min-paging-size}); each next page of the task doubles it up to {@link #MAX_PAGE_ROWS}. So no
   * response holds a whole region, and a small LIMIT costs one small page per region.
   */
  static final long MIN_PAGE_ROWS = 256;

  static final long MAX_PAGE_ROWS = 32_768;

  /** The {@code tp} of Cairn's DAG format (the coprocessor module's {@code DagRunner.TP_CAIRN_DAG}). */
  public static final long TP_CAIRN_DAG = 201;

  private final KvRpc rpc;
  private final LockResolver resolver;
  private final CopConfig config;
  private final RuntimeSettings settings;
  private final CoprCache cache;
  private final LongConsumer checkVisible;
  private final Runnable checkOpen;
  /** Each worker carries the OpenTelemetry context of the thread that sent the request. */
  private final ExecutorService workers =
      io.opentelemetry.context.Context.taskWrapping(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("cairn-copr-", 0).factory()));
  private final Set<CopIterator> open = ConcurrentHashMap.newKeySet();
  private final CopMetrics metrics = new CopMetrics();
  private volatile boolean closed;

  /**
   * @param settings the retry budget of a task ({@link BackoffBudgets#copMillis()}) and the
   *     storage-wide replica-read mode, read when a request starts
   * @param cache region answers to reuse (shared with the owning storage, which may resize it)
   * @param checkVisible throws when a read at the given start ts is below the GC safe point
   * @param checkOpen throws {@link io.cairn.kv.StorageClosedException} once the owning storage
   *     closed
   */
  public CopClient(KvRpc rpc, LockResolver resolver, CopConfig config, RuntimeSettings settings, CoprCache cache,
      LongConsumer checkVisible, Runnable checkOpen) {
    this.rpc = rpc;
    this.resolver = resolver;
    this.config = config;
    this.settings = settings;
    this.cache = cache;
    this.checkVisible = checkVisible;
    this.checkOpen = checkOpen;
  }

  /** The result cache this client fills and reads. */
  public CoprCache cache() {
    return cache;
  }

  public CopMetrics metrics() {
    return metrics;
  }

  @Override
  public boolean supports(CopRequestType type) {
    return type == CopRequestType.DAG;
  }

  @Override
  public CopResponseIterator send(CopRequest request) {
    checkOpen.run();
    checkVisible.accept(request.startTs());
    if (!supports(request.type())) {
      throw new UnsupportedOperationException("the tikv driver runs no " + request.type() + " coprocessor requests");
    }
    List<CopTask> tasks;
    try {
      tasks = split(request, ranges(request.ranges()), rpc.backoffer(settings.budgets().copMillis()));
    } catch (RuntimeException e) {
      throw ErrorTranslator.translate(e, request.startTs());
    }
    metrics.requests.increment();
    CopIterator it = new CopIterator(this, request, tasks);
    open.add(it);
    try {
      if (closed) {
        throw new RejectedExecutionException("coprocessor client closed");
      }
      it.start(workers);
    } catch (RejectedExecutionException e) {
      // The storage closed while the request was being split.
      it.close();
      checkOpen.run();
      throw e;
    }
    return it;
  }

  void checkOpen() {
    checkOpen.run();
  }

  void closed(CopIterator it) {
    open.remove(it);
  }

  private static List<KeyRange> ranges(List<io.cairn.kv.KeyRange> ranges) {
    List<KeyRange> out = new ArrayList<>(ranges.size());
    for (io.cairn.kv.KeyRange r : ranges) {
      if (!r.isEmpty()) {
        out.add(new KeyRange(r.start().toByteArray(), r.end().toByteArray()));
      }
    }
    return out;
  }

  /** The tasks of {@code ranges}, in the order results are wanted (descending for desc). */
  private List<CopTask> split(CopRequest request, List<KeyRange> ranges, Backoffer bo) {
    RegionCache regions = rpc.regionCache();
    List<CopTask> tasks = new ArrayList<>();
    for (RegionRanges rr : regions.splitRangesByRegion(ranges, bo)) {
      tasks.add(new CopTask(rr.region(), rr.ranges()));
    }
    if (request.desc()) {
      Collections.reverse(tasks);
    }
    return tasks;
  }

  /** Where a task's responses go; blocks while the consumer is behind. */
  @FunctionalInterface
  interface Sink {
    void accept(CopResponse response) throws InterruptedException;
  }

  /**
   * Runs {@code task} to the end: its responses go to {@code sink} in order, re-split pieces
   * included. Runs on a worker thread.
   */
  void runTask(CopRequest request, CopTask task, Sink sink) throws InterruptedException {
    Backoffer bo = rpc.backoffer(settings.budgets().copMillis());
    Context base = context(request);
    RequestOptions options = options(request);
    long tp = tp(request.type());
    ByteString payload = ByteString.copyFrom(request.payload());
    Set<Long> resolvedLocks = new HashSet<>();
    long pageSize = MIN_PAGE_ROWS;
    Deque<CopTask> pending = new ArrayDeque<>();
    pending.add(task);
    metrics.tasks.increment();
    while (!pending.isEmpty()) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("coprocessor task cancelled");
      }
      CopTask t = pending.peekFirst();
      CoprCache.CacheKey cacheKey = cache.enabled() ? CoprCache.key(t.region().verId(), tp, request.startTs(), t.ranges(), request.payload()) : null;
      byte[] cached = cacheKey == null ? null : cache.get(cacheKey);
      if (cached != null) {
        pending.pollFirst();
        metrics.responses.increment();
        sink.accept(new CopResponse(cached, t.covered()));
        continue;
      }
      Context ctx = resolvedLocks.isEmpty() ? base : base.toBuilder().addAllResolvedLocks(resolvedLocks).build();
      Request.Builder req = Request.newBuilder().setContext(ctx).setTp(tp).setData(payload).setStartTs(request.startTs())
          .setPagingSize(pageSize);
      for (KeyRange r : t.ranges()) {
        req.addRanges(io.cairn.proto.coprocessor.KeyRange.newBuilder()
            .setStart(ByteString.copyFrom(r.start())).setEnd(ByteString.copyFrom(r.end())));
      }
      Response resp = rpc.sendInRegion(bo, RpcKind.COPROCESSOR, t.region(), req.build(), options);
      if (resp == null) {
        // The region changed: the cache knows the new layout; run the pieces in result order.
        metrics.regionChanges.increment();
        pending.pollFirst();
        List<CopTask> pieces = split(request, t.ranges(), bo);
        metrics.tasks.add(pieces.size());
        for (int i = pieces.size() - 1; i >= 0; i--) {
          pending.addFirst(pieces.get(i));
        }
        continue;
      }
      metrics.rpcs.increment();
      if (resp.hasLocked()) {
        metrics.locksMet.increment();
        onLock(bo, request.startTs(), resp.getLocked(), resolvedLocks);
        continue;
      }
      if (!resp.getOtherError().isEmpty()) {
        throw new CoprocessorFailedException("region " + t.region().id() + ": " + resp.getOtherError());
      }
      pending.pollFirst();
      metrics.responses.increment();
      byte[] data = resp.getData().toByteArray();
      List<KeyRange> rest = resp.hasRange() ? remaining(t.ranges(), resp.getRange(), request.desc()) : List.of();
      if (cacheKey != null && !resp.hasRange()) {
        // Only a complete answer for the task's ranges: a page is not (CopResponse data is never
        // modified, so one array serves both).
        cache.put(cacheKey, data);
      }
      sink.accept(new CopResponse(data, rest.isEmpty() ? t.covered() : covered(t, resp.getRange())));
      if (!rest.isEmpty()) {
        // The node stopped after a page: the rest of the task is the next request, with a
        // larger page (a LIMIT is served by the first small one, a big scan by few large ones).
        metrics.pages.increment();
        pending.addFirst(new CopTask(t.region(), rest));
        pageSize = Math.min(MAX_PAGE_ROWS, pageSize * 2);
      }
    }
  }

  /**
   * The part of {@code ranges} a page that covered {@code done} left unread: above its end for
   * an ascending scan, below its start for a descending one.
   */
  static List<KeyRange> remaining(List<KeyRange> ranges, io.cairn.proto.coprocessor.KeyRange done, boolean desc) {
    List<KeyRange> out = new ArrayList<>();
    if (!desc) {
      byte[] from = done.getEnd().toByteArray();
      if (from.length == 0) {
        return out;
      }
      for (KeyRange r : ranges) {
        if (!r.unboundedEnd() && java.util.Arrays.compareUnsigned(r.end(), from) <= 0) {
          continue;
        }
        out.add(java.util.Arrays.compareUnsigned(r.start(), from) >= 0 ? r : new KeyRange(from, r.end()));
      }
    } else {
      byte[] below = done.getStart().toByteArray();
      for (KeyRange r : ranges) {
        if (java.util.Arrays.compareUnsigned(r.start(), below) >= 0) {
          continue;
        }
        boolean endAbove = r.unboundedEnd() || java.util.Arrays.compareUnsigned(r.end(), below) > 0;
        out.add(endAbove ? new KeyRange(r.start(), below) : r);
      }
    }
    return out;
  }

  private static io.cairn.kv.KeyRange covered(CopTask t, io.cairn.proto.coprocessor.KeyRange done) {
    return new io.cairn.kv.KeyRange(io.cairn.kv.Key.copyOf(done.getStart().toByteArray()),
        io.cairn.kv.Key.copyOf(done.getEnd().toByteArray()));
  }

  private static long tp(CopRequestType type) {
    return switch (type) {
      case DAG -> TP_CAIRN_DAG;
      case ANALYZE, CHECKSUM -> throw new UnsupportedOperationException("the tikv driver runs no " + type + " coprocessor requests");
    };
  }

  private void onLock(Backoffer bo, long startTs, LockInfo lock, Set<Long> resolvedLocks) {
    boolean seenPushed = resolvedLocks.contains(lock.getLockVersion());
    LockResolver.Resolution r = resolver.resolve(bo, startTs, List.of(lock), true);
    resolvedLocks.addAll(r.pushed());
    if (!r.allResolved() || seenPushed) {
      // A node that still reports a lock it was told to read past must not make us spin.
      bo.backoffAtMost(BackoffKind.TXN_LOCK_FAST, r.allResolved() ? BackoffKind.TXN_LOCK_FAST.capMillis() : r.msBeforeExpired(),
          new IllegalStateException("coprocessor read at " + startTs + " met the lock of transaction " + lock.getLockVersion()));
    }
  }

  private static Context context(CopRequest request) {
    return Context.newBuilder()
        .setPriority(switch (request.priority()) {
          case LOW -> CommandPri.Low;
          case NORMAL -> CommandPri.Normal;
          case HIGH -> CommandPri.High;
        })
        .setResourceGroupTag(ByteString.copyFrom(request.resourceGroup(), StandardCharsets.UTF_8))
        .build();
  }

  private RequestOptions options(CopRequest request) {
    RequestOptions o = request.staleRead()
        ? RequestOptions.stale() : RequestOptions.replicaRead(settings.effective(request.replicaRead()));
    return o.withTimeout(config.timeout());
  }

  /** Cancels every open iterator and stops the workers; idempotent. */
  @Override
  public void close() {
    closed = true;
    for (CopIterator it : List.copyOf(open)) {
      it.close();
    }
    workers.shutdownNow();
  }
}
