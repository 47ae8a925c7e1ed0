package io.cairn.tikv.copr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.cairn.codec.TableCodec;
import io.cairn.coprocessor.exec.ChunkCodec;
import io.cairn.coprocessor.exec.DagCodec;
import io.cairn.coprocessor.exec.DagFixture;
import io.cairn.coprocessor.exec.ValueBridge;
import io.cairn.coprocessor.expr.FuncId;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.kv.BeginOptions;
import io.cairn.kv.CopRequest;
import io.cairn.kv.CopRequestType;
import io.cairn.kv.CopResponse;
import io.cairn.kv.CopResponseIterator;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvException;
import io.cairn.kv.Priority;
import io.cairn.kv.ReplicaReadMode;
import io.cairn.kv.StorageClosedException;
import io.cairn.kv.Transaction;
import io.cairn.proto.dag.AggKind;
import io.cairn.proto.dag.DagRequest;
import io.cairn.proto.dag.DagResponse;
import io.cairn.proto.kvrpcpb.CommitRequest;
import io.cairn.proto.kvrpcpb.Mutation;
import io.cairn.proto.kvrpcpb.Op;
import io.cairn.proto.kvrpcpb.PrewriteRequest;
import io.cairn.tikv.rpc.RpcCall;
import io.cairn.tikv.rpc.RpcInterceptor;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.testing.RealNodes;
import io.cairn.tikv.txn.TikvStorage;
import io.grpc.Status;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The coprocessor client against two REAL storage nodes running Cairn DAGs ({@code
 * DagCoprocessorHandler}) over several regions, rows written through the driver's own
 * transactions (DagFixture's table 42: id handle, a BIGINT, b VARCHAR, c DECIMAL(10,2)).
 * Randomized cases are seeded; a failure names its seed.
 */
class CopClientRealNodeTest {

  private RealNodes nodes;
  private TikvStorage storage;

  @AfterEach
  void stop() {
    if (storage != null) {
      storage.close();
    }
    if (nodes != null) {
      nodes.close();
    }
  }

  /** Two nodes split at the record of handle {@code n / 2}, then at {@code splits} random handles. */
  private DagFixture start(Random random, int rows, int splits) {
    nodes = new RealNodes("copr", TableCodec.recordKey(DagFixture.TABLE, rows / 2));
    for (int i = 0; i < splits; i++) {
      nodes.split(TableCodec.recordKey(DagFixture.TABLE, 1 + random.nextInt(rows)));
    }
    nodes.publish();
    storage = nodes.open();
    DagFixture f = new DagFixture(random.nextLong(), rows);
    try (Transaction t = storage.begin()) {
      f.write((k, v) -> t.set(Key.copyOf(k), v));
      t.commit();
    }
    return f;
  }

  private static List<KeyRange> tableRanges() {
    return DagFixture.tableRanges().stream()
        .map(r -> new KeyRange(Key.copyOf(r.start()), Key.copyOf(r.end()))).toList();
  }

  private static CopRequest request(DagRequest dag, List<KeyRange> ranges, long ts, boolean keepOrder, boolean desc, int concurrency) {
    return new CopRequest(CopRequestType.DAG, dag.toByteArray(), ranges, ts, keepOrder, desc, concurrency,
        ReplicaReadMode.LEADER, Priority.NORMAL, BeginOptions.DEFAULT_RESOURCE_GROUP);
  }

  /** Every response of {@code req}, each decoded into its rows. */
  private List<List<Object[]>> run(CopRequest req) {
    List<List<Object[]>> out = new ArrayList<>();
    try (CopResponseIterator it = storage.client().send(req)) {
      for (CopResponse r = it.next(); r != null; r = it.next()) {
        out.add(decode(r.data()));
      }
    }
    return out;
  }

  private static List<Object[]> decode(byte[] data) {
    try {
      DagResponse resp = DagResponse.parseFrom(data);
      List<FieldType> types = resp.getOutputTypesList().stream().map(DagCodec::fromProto).toList();
      ChunkCodec codec = new ChunkCodec(new ValueBridge(ZoneOffset.UTC));
      List<Object[]> rows = new ArrayList<>();
      for (var c : resp.getChunksList()) {
        rows.addAll(codec.decode(c.getRowsData().toByteArray(), c.getRowCount(), types));
      }
      return rows;
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Object[]> flat(List<List<Object[]>> responses) {
    return responses.stream().flatMap(List::stream).toList();
  }

  private static boolean sameValue(Object a, Object b) {
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    return Objects.equals(a, b);
  }

  private static void assertRowsEqual(List<Object[]> got, List<Object[]> expected, String what) {
    assertThat(got).as("%s: row count", what).hasSize(expected.size());
    for (int i = 0; i < got.size(); i++) {
      Object[] g = got.get(i);
      Object[] e = expected.get(i);
      assertThat(g).as("%s: row %d width", what, i).hasSameSizeAs(e);
      for (int j = 0; j < g.length; j++) {
        if (!sameValue(g[j], e[j])) {
          throw new AssertionError(what + ": row " + i + " column " + j + " is " + g[j] + ", expected " + e[j]);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 17, 4242})
  void partialAggregationsPerRegionMergeToTheLocalResult(long seed) {
    try {
      aggregate(seed);
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }

  private void aggregate(long seed) {
    Random random = new Random(seed);
    DagFixture f = start(random, 150 + random.nextInt(200), 2 + random.nextInt(6));
    long threshold = random.nextInt(16) - 6;
    var a = f.column(1);
    var c = f.column(3);
    DagRequest dag = DagFixture.dag(DagFixture.tableScan(false),
        f.selection(f.eb.call(FuncId.GT, a, f.eb.intLiteral(threshold))),
        f.aggregation(false, List.of(a), f.agg(AggKind.COUNT, c), f.agg(AggKind.SUM, c), f.agg(AggKind.MAX, c)));
    boolean keepOrder = random.nextBoolean();
    int concurrency = 1 + random.nextInt(4);
    long before = storage.client().metrics().tasks();
    List<List<Object[]>> responses = run(request(dag, tableRanges(), storage.currentTimestamp(), keepOrder, false, concurrency));
    int regions = nodes.currentRegions().size();
    assertThat(responses).as("one partial result per region holding the table").hasSizeGreaterThan(1);
    assertThat(storage.client().metrics().tasks() - before).isEqualTo(responses.size()).isLessThanOrEqualTo(regions);

    // Merge the partial results (count, sum, max, a) by group.
    Map<Long, Object[]> merged = new TreeMap<>();
    for (Object[] row : flat(responses)) {
      Long group = (Long) row[3];
      Object[] m = merged.computeIfAbsent(group, g -> new Object[] {0L, null, null});
      m[0] = (Long) m[0] + (Long) row[0];
      if (row[1] != null) {
        m[1] = m[1] == null ? row[1] : ((BigDecimal) m[1]).add((BigDecimal) row[1]);
      }
      if (row[2] != null && (m[2] == null || ((BigDecimal) row[2]).compareTo((BigDecimal) m[2]) > 0)) {
        m[2] = row[2];
      }
    }
    // The same computed locally from the rows.
    Map<Long, Object[]> local = new TreeMap<>();
    for (Object[] row : f.rows) {
      Long av = (Long) row[1];
      if (av == null || av <= threshold) {
        continue;
      }
      Object[] m = local.computeIfAbsent(av, g -> new Object[] {0L, null, null});
      BigDecimal cv = (BigDecimal) row[3];
      if (cv != null) {
        m[0] = (Long) m[0] + 1;
        m[1] = m[1] == null ? cv : ((BigDecimal) m[1]).add(cv);
        m[2] = m[2] == null || cv.compareTo((BigDecimal) m[2]) > 0 ? cv : m[2];
      }
    }
    assertThat(merged.keySet()).isEqualTo(local.keySet());
    assertRowsEqual(new ArrayList<>(merged.values()), new ArrayList<>(local.values()), "merged groups");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void keepOrderStreamsRegionsInKeyOrder(boolean desc) {
    Random random = new Random(desc ? 7 : 8);
    DagFixture f = start(random, 300, 7);
    // Slow the first regions down, so that later regions answer first.
    storage.routing().rpcClient().addInterceptor(delayFirstRegions(3));
    List<List<Object[]>> responses = run(request(DagFixture.dag(DagFixture.tableScan(desc)), tableRanges(),
        storage.currentTimestamp(), true, desc, 4));
    assertThat(responses).hasSizeGreaterThan(4);
    List<Object[]> expected = new ArrayList<>(f.rows);
    if (desc) {
      expected.sort(Comparator.comparing((Object[] r) -> (Long) r[0]).reversed());
    }
    assertRowsEqual(flat(responses), expected, desc ? "descending" : "ascending");

    // Without keep-order the same rows come, in any order.
    List<Object[]> unordered = new ArrayList<>(flat(run(request(DagFixture.dag(DagFixture.tableScan(false)), tableRanges(),
        storage.currentTimestamp(), false, false, 4))));
    unordered.sort(Comparator.comparing((Object[] r) -> (Long) r[0]));
    assertRowsEqual(unordered, f.rows, "unordered");
  }

  /** Holds the coprocessor RPCs of the first {@code n} regions (by region id order seen) 200 ms. */
  private static RpcInterceptor delayFirstRegions(int n) {
    Set<Long> slow = new HashSet<>();
    return new RpcInterceptor() {
      @Override
      public <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        boolean delay;
        synchronized (slow) {
          if (call.kind() == RpcKind.COPROCESSOR && slow.size() < n) {
            slow.add(call.regionId());
          }
          delay = call.kind() == RpcKind.COPROCESSOR && slow.contains(call.regionId());
        }
        if (delay) {
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.asRuntimeException();
          }
        }
        return next.proceed(call);
      }
    };
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void regionTasksRunInParallelUpToTheRequestsConcurrency(int concurrency) {
    DagFixture f = start(new Random(11), 200, 7);
    java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
    storage.routing().rpcClient().addInterceptor(new RpcInterceptor() {
      @Override
      public <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        if (call.kind() != RpcKind.COPROCESSOR) {
          return next.proceed(call);
        }
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          Thread.sleep(100);
          return next.proceed(call);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw Status.CANCELLED.asRuntimeException();
        } finally {
          inFlight.decrementAndGet();
        }
      }
    });
    for (boolean keepOrder : new boolean[] {true, false}) {
      maxInFlight.set(0);
      List<Object[]> rows = new ArrayList<>(flat(run(request(DagFixture.dag(DagFixture.tableScan(false)), tableRanges(),
          storage.currentTimestamp(), keepOrder, false, concurrency))));
      rows.sort(Comparator.comparing((Object[] r) -> (Long) r[0]));
      assertRowsEqual(rows, f.rows, "keep order " + keepOrder);
      // Never more than the concurrency; with more than one worker, tasks overlap (each RPC is
      // held 100 ms, so a loaded machine still starts the others meanwhile).
      assertThat(maxInFlight.get()).as("keep order %s", keepOrder).isBetween(concurrency == 1 ? 1 : 2, concurrency);
    }
  }

  @Test
  void readsSeeTheSnapshotOfTheRequestsStartTs() {
    DagFixture f = start(new Random(12), 120, 3);
    long before = storage.currentTimestamp();
    DagFixture newer = new DagFixture(13, 120);
    try (Transaction t = storage.begin()) {
      newer.write((k, v) -> t.set(Key.copyOf(k), v));
      t.commit();
    }
    DagRequest scan = DagFixture.dag(DagFixture.tableScan(false));
    assertRowsEqual(flat(run(request(scan, tableRanges(), before, true, false, 2))), f.rows, "before the update");
    assertRowsEqual(flat(run(request(scan, tableRanges(), storage.currentTimestamp(), true, false, 2))), newer.rows,
        "after the update");
  }

  @Test
  void regionsThatSplitUnderTheRequestAreSplitAgain() {
    Random random = new Random(99);
    DagFixture f = start(random, 240, 2);
    List<Object[]> first = flat(run(request(DagFixture.dag(DagFixture.tableScan(false)), tableRanges(),
        storage.currentTimestamp(), true, false, 2)));
    assertRowsEqual(first, f.rows, "before the split");
    // The nodes split every region again; neither PD nor the driver hears of it.
    for (int h = 20; h < 240; h += 30) {
      nodes.split(TableCodec.recordKey(DagFixture.TABLE, h));
    }
    CopClient client = (CopClient) storage.client();
    long changes = client.metrics().regionChanges();
    List<List<Object[]>> responses = run(request(DagFixture.dag(DagFixture.tableScan(false)), tableRanges(),
        storage.currentTimestamp(), true, false, 3));
    assertRowsEqual(flat(responses), f.rows, "after the split");
    assertThat(client.metrics().regionChanges()).isGreaterThan(changes);
    assertThat(responses.size()).isGreaterThanOrEqualTo(8);
  }

  @Test
  void locksMetAreResolvedAndTheReadRetried() throws Exception {
    Random random = new Random(5);
    DagFixture f = start(random, 200, 4);
    DagFixture newer = new DagFixture(6, 200);
    Map<Long, byte[]> newValues = new HashMap<>();
    newer.write((k, v) -> {
      if (k.length == TableCodec.RECORD_KEY_LENGTH && TableCodec.isRecordKey(k)) {
        newValues.put(TableCodec.decodeRecordKey(k).handle(), v);
      }
    });
    // The writer commits its secondaries asynchronously: read everything once, so that no lock
    // of it is left for the raw prewrites below to conflict with.
    try (var it = storage.snapshot(storage.currentTimestamp()).iterate(tableRanges().get(0))) {
      while (it.hasNext()) {
        it.next();
      }
    }
    // Transaction 1 commits its primary (handle 10) only: the lock on handle 190 (another
    // region, the other store) belongs to a committed transaction.
    long start1 = storage.currentTimestamp();
    prewrite(start1, 10, List.of(10L, 190L), newValues, 20_000);
    commit(start1, storage.currentTimestamp(), 10);
    // Transaction 2 left locks with a TTL that has run out and never committed.
    long start2 = storage.currentTimestamp();
    prewrite(start2, 50, List.of(50L, 150L), newValues, 1);
    Thread.sleep(20);

    List<Object[]> expected = new ArrayList<>();
    for (Object[] row : f.rows) {
      long h = (Long) row[0];
      expected.add(h == 10 || h == 190 ? newer.rows.get((int) h - 1) : row);
    }
    CopClient client = (CopClient) storage.client();
    List<Object[]> got = flat(run(request(DagFixture.dag(DagFixture.tableScan(false)), tableRanges(),
        storage.currentTimestamp(), true, false, 2)));
    assertRowsEqual(got, expected, "after resolving");
    assertThat(client.metrics().locksMet()).isGreaterThanOrEqualTo(2);
    // The locks are gone: a second read meets none.
    long met = client.metrics().locksMet();
    assertRowsEqual(flat(run(request(DagFixture.dag(DagFixture.tableScan(false)), tableRanges(),
        storage.currentTimestamp(), false, false, 3))).stream().sorted(Comparator.comparing((Object[] r) -> (Long) r[0])).toList(),
        expected, "second read");
    assertThat(client.metrics().locksMet()).isEqualTo(met);
  }

  private void prewrite(long startTs, long primary, List<Long> handles, Map<Long, byte[]> values, long ttl) {
    byte[] primaryKey = TableCodec.recordKey(DagFixture.TABLE, primary);
    for (long h : handles) {
      byte[] key = TableCodec.recordKey(DagFixture.TABLE, h);
      var resp = nodes.stubFor(key).kvPrewrite(PrewriteRequest.newBuilder().setContext(nodes.contextFor(key))
          .addMutations(Mutation.newBuilder().setOp(Op.Put).setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(values.get(h))))
          .setPrimaryLock(ByteString.copyFrom(primaryKey)).setStartVersion(startTs).setLockTtl(ttl).setTxnSize(handles.size()).build());
      assertThat(resp.getErrorsList()).isEmpty();
      assertThat(resp.hasRegionError()).isFalse();
    }
  }

  private void commit(long startTs, long commitTs, long handle) {
    byte[] key = TableCodec.recordKey(DagFixture.TABLE, handle);
    var resp = nodes.stubFor(key).kvCommit(CommitRequest.newBuilder().setContext(nodes.contextFor(key))
        .setStartVersion(startTs).setCommitVersion(commitTs).addKeys(ByteString.copyFrom(key)).build());
    assertThat(resp.hasError()).isFalse();
    assertThat(resp.hasRegionError()).isFalse();
  }

  @Test
  void closingTheIteratorCancelsTheRPCsInFlight() throws Exception {
    start(new Random(3), 120, 4);
    CountDownLatch blocked = new CountDownLatch(1);
    AtomicBoolean cancelled = new AtomicBoolean();
    CountDownLatch workerDone = new CountDownLatch(1);
    storage.routing().rpcClient().addInterceptor(new RpcInterceptor() {
      @Override
      public <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        if (call.kind() == RpcKind.COPROCESSOR) {
          blocked.countDown();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            cancelled.set(true);
            workerDone.countDown();
            throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
          }
        }
        return next.proceed(call);
      }
    });
    CopResponseIterator it = storage.client().send(request(DagFixture.dag(DagFixture.tableScan(false)), tableRanges(),
        storage.currentTimestamp(), true, false, 2));
    assertThat(blocked.await(30, TimeUnit.SECONDS)).isTrue();
    it.close();
    assertThat(workerDone.await(30, TimeUnit.SECONDS)).as("the blocked worker was interrupted").isTrue();
    assertThat(cancelled).isTrue();
    assertThat(it.next()).isNull();
    it.close();
  }

  @Test
  void closingTheStorageEndsOpenRequests() {
    start(new Random(4), 60, 2);
    CopResponseIterator it = storage.client().send(request(DagFixture.dag(DagFixture.tableScan(false)), tableRanges(),
        storage.currentTimestamp(), true, false, 1));
    storage.close();
    assertThatThrownBy(it::next).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> storage.client().send(request(DagFixture.dag(DagFixture.tableScan(false)), tableRanges(), 5, true, false, 1)))
        .isInstanceOf(StorageClosedException.class);
  }

  @Test
  void aRequestTheNodesCannotRunFailsWithTheirReason() {
    start(new Random(5), 40, 1);
    CopRequest garbage = new CopRequest(CopRequestType.DAG, new byte[] {(byte) 0xff, 1, 2}, tableRanges(),
        storage.currentTimestamp(), true, false, 2, ReplicaReadMode.LEADER, Priority.NORMAL, BeginOptions.DEFAULT_RESOURCE_GROUP);
    try (CopResponseIterator it = storage.client().send(garbage)) {
      assertThatThrownBy(it::next).isInstanceOfSatisfying(KvException.class, e -> {
        assertThat(e.errno()).isEqualTo(1105);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("malformed DAG request");
      });
      assertThatThrownBy(it::next).as("the failure sticks").isInstanceOf(KvException.class);
    }
    assertThat(storage.client().supports(CopRequestType.DAG)).isTrue();
    assertThat(storage.client().supports(CopRequestType.ANALYZE)).isFalse();
    assertThatThrownBy(() -> storage.client().send(new CopRequest(CopRequestType.ANALYZE, new byte[0], tableRanges(),
        5, true, false, 1, ReplicaReadMode.LEADER, Priority.NORMAL, BeginOptions.DEFAULT_RESOURCE_GROUP)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aStaleRequestReadsItsSnapshotsTimeAndAsksForAStaleRead() {
    start(new Random(7), 40, 1);
    long then = storage.currentTimestamp();
    try (Transaction t = storage.begin()) {
      t.delete(Key.copyOf(TableCodec.recordKey(DagFixture.TABLE, 3)));
      t.commit();
    }
    List<io.cairn.proto.kvrpcpb.Context> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    storage.routing().rpcClient().addInterceptor(new RpcInterceptor() {
      @Override
      public <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        if (call.kind() == RpcKind.COPROCESSOR) {
          seen.add(call.kind().context(call.request()));
        }
        return next.proceed(call);
      }
    });
    byte[] scan = DagFixture.dag(DagFixture.tableScan(false)).toByteArray();
    CopRequest stale = CopRequest.dag(scan, tableRanges(),
        storage.snapshot(then, io.cairn.kv.SnapshotOptions.builder().staleRead(true).build()));
    assertThat(stale.staleRead()).isTrue();
    assertThat(stale.startTs()).isEqualTo(then);
    assertThat(run(stale).stream().mapToInt(List::size).sum()).isEqualTo(40);
    assertThat(seen).isNotEmpty();
    assertThat(seen.get(0).getStaleRead()).isTrue();
    seen.clear();
    CopRequest now = CopRequest.dag(scan, tableRanges(), storage.snapshot(storage.currentTimestamp()));
    assertThat(run(now).stream().mapToInt(List::size).sum()).isEqualTo(39);
    assertThat(seen).extracting(io.cairn.proto.kvrpcpb.Context::getStaleRead).containsOnly(false);
  }

  @Test
  void emptyRangesGiveNoResponses() {
    start(new Random(6), 40, 1);
    Key k = Key.copyOf(TableCodec.recordKey(DagFixture.TABLE, 3));
    assertThat(run(request(DagFixture.dag(DagFixture.tableScan(false)), List.of(new KeyRange(k, k)), storage.currentTimestamp(), true, false, 2)))
        .isEmpty();
    assertThat(run(request(DagFixture.dag(DagFixture.tableScan(false)), List.of(), storage.currentTimestamp(), false, false, 2)))
        .isEmpty();
  }

  @Test
  void aRepeatedRequestAtOneTimestampIsAnsweredFromTheResultCache() {
    DagFixture f = start(new Random(99), 200, 3);
    CopClient client = storage.client();
    long ts = storage.currentTimestamp();
    CopRequest req = request(DagFixture.dag(DagFixture.tableScan(false)), tableRanges(), ts, true, false, 2);
    List<Object[]> first = flat(run(req));
    assertRowsEqual(first, f.rows, "first run");
    long rpcs = client.metrics().rpcs();
    long hits = client.cache().hits();
    long tasks = client.metrics().tasks();

    assertRowsEqual(flat(run(req)), first, "second run");
    assertThat(client.metrics().rpcs()).as("cached answers need no RPC").isEqualTo(rpcs);
    assertThat(client.cache().hits() - hits).isEqualTo(client.metrics().tasks() - tasks).isPositive();

    // A newer snapshot after a delete is not answered from the older one's entries.
    try (Transaction t = storage.begin()) {
      t.delete(Key.copyOf(TableCodec.recordKey(DagFixture.TABLE, (Long) f.rows.get(0)[0])));
      t.commit();
    }
    assertThat(flat(run(request(DagFixture.dag(DagFixture.tableScan(false)), tableRanges(), storage.currentTimestamp(),
        true, false, 2)))).hasSize(f.rows.size() - 1);
    assertRowsEqual(flat(run(req)), first, "the old snapshot still reads what it read");

    storage.setOption("cairn_copr_cache_capacity_mb", "0");
    long before = client.metrics().rpcs();
    assertRowsEqual(flat(run(req)), first, "cache off");
    assertThat(client.metrics().rpcs()).as("a disabled cache sends every task").isGreaterThan(before);
  }
}
