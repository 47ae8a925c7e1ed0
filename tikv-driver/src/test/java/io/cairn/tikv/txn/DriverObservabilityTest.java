package io.cairn.tikv.txn;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.cairn.kv.Key;
import io.cairn.kv.Snapshot;
import io.cairn.kv.StorageMetric;
import io.cairn.kv.Transaction;
import io.cairn.proto.errorpb.Error;
import io.cairn.proto.errorpb.RegionNotFound;
import io.cairn.tikv.rpc.RpcCall;
import io.cairn.tikv.rpc.RpcInterceptor;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.rpc.RpcMetrics;
import io.cairn.tikv.testing.RealNodes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver's observability against two real storage nodes with six regions: RPC latency
 * histograms and backoff counts in {@link TikvStorage#metrics()}, and RPC spans parented to the
 * caller's span even when the driver fans the work out to its worker pool, and the nodes'
 * server spans children of those (driver and nodes share one SDK here, as one process).
 */
class DriverObservabilityTest {

  private static final String[] SPLITS = {"d", "h", "s", "w"};

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .build();
  private final Map<String, Set<String>> threadsByKind = new ConcurrentHashMap<>();
  private RealNodes nodes;
  private TikvStorage storage;

  @BeforeEach
  void start() {
    nodes = new RealNodes("observe", "m", otel);
    nodes.split(SPLITS);
    nodes.publish();
    storage = nodes.open(otel);
    storage.routing().rpcClient().addInterceptor(new RpcInterceptor() {
      @Override
      public <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        threadsByKind.computeIfAbsent(call.kind().name(), k -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
        return next.proceed(call);
      }
    });
  }

  @AfterEach
  void stop() {
    if (storage != null) {
      storage.close();
    }
    if (nodes != null) {
      nodes.close();
    }
    otel.close();
  }

  /** One key in each of the six regions, and a few more. */
  private static List<Key> keys() {
    List<Key> out = new ArrayList<>();
    for (String k : List.of("a", "b", "e", "f", "i", "n", "o", "t", "x", "z")) {
      out.add(Key.utf8(k));
    }
    return out;
  }

  /**
   * Commits every key, and waits until the secondaries, committed asynchronously, are too: the
   * primary's commit and one per region, {@code rounds} transactions so far.
   */
  private void writeAll(int rounds) throws InterruptedException {
    try (Transaction t = storage.begin()) {
      for (Key k : keys()) {
        t.set(k, k.toByteArray());
      }
      t.commit();
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (storage.routing().rpcClient().metrics().count(RpcKind.KV_COMMIT, RpcMetrics.Outcome.OK) < 7L * rounds) {
      assertThat(System.nanoTime()).as("secondary commits still running after 30 s").isLessThan(deadline);
      Thread.sleep(2);
    }
  }

  private static StorageMetric reading(List<StorageMetric> all, String name, Map<String, String> labels) {
    return all.stream().filter(m -> m.name().equals(name) && m.labels().equals(labels)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + labels + " in " + all));
  }

  @Test
  void rpcLatencyByTypeAndOutcomeAndBackoffsByKindAreReported() throws InterruptedException {
    writeAll(1);
    // The nodes split "b" off; PD does not know: the next read of "a" meets EpochNotMatch.
    nodes.split("b");
    AtomicBoolean lost = new AtomicBoolean();
    RpcInterceptor notFoundOnce = new RpcInterceptor() {
      @Override
      @SuppressWarnings("unchecked")
      public <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        if (call.kind() == RpcKind.KV_GET && lost.compareAndSet(false, true)) {
          return call.kind().regionErrorResponse(Error.newBuilder().setRegionNotFound(RegionNotFound.getDefaultInstance()).build());
        }
        return next.proceed(call);
      }
    };
    storage.routing().rpcClient().addInterceptor(notFoundOnce);
    Snapshot s = storage.snapshot(storage.currentTimestamp());
    assertThat(s.get(Key.utf8("x"))).as("after one RegionNotFound").isEqualTo("x".getBytes(StandardCharsets.UTF_8));
    assertThat(s.get(Key.utf8("a"))).as("after EpochNotMatch").isEqualTo("a".getBytes(StandardCharsets.UTF_8));
    List<StorageMetric> m = storage.metrics();

    StorageMetric prewrite = reading(m, "cairn_tikv_rpc_duration_seconds", Map.of("type", "KvPrewrite", "outcome", "ok"));
    assertThat(prewrite.type()).isEqualTo(StorageMetric.Type.HISTOGRAM);
    assertThat(prewrite.value()).as("one prewrite per region").isGreaterThanOrEqualTo(6);
    assertThat(prewrite.histogram().sum()).isPositive();
    assertThat(reading(m, "cairn_tikv_rpc_duration_seconds", Map.of("type", "KvCommit", "outcome", "ok")).value()).isPositive();
    assertThat(reading(m, "cairn_tikv_rpc_duration_seconds", Map.of("type", "KvGet", "outcome", "region_error")).value())
        .as("the node's EpochNotMatch").isEqualTo(1);
    assertThat(reading(m, "cairn_tikv_rpc_duration_seconds", Map.of("type", "KvGet", "outcome", "ok")).value()).isEqualTo(2);

    StorageMetric regionMiss = reading(m, "cairn_tikv_backoffs", Map.of("kind", "region_miss"));
    assertThat(regionMiss.type()).isEqualTo(StorageMetric.Type.COUNTER);
    assertThat(regionMiss.value()).as("RegionNotFound backs off REGION_MISS").isEqualTo(1);
    assertThat(reading(m, "cairn_tikv_backoff_sleep_ms", Map.of("kind", "region_miss")).value()).isEqualTo(2);
    assertThat(reading(m, "cairn_tikv_backoffs", Map.of("kind", "server_busy")).value()).isZero();
  }

  @Test
  void rpcSpansOnWorkerThreadsAreChildrenOfTheCallersSpan() throws InterruptedException {
    writeAll(1);
    storage.setOption("cairn_enable_rpc_trace", "ON");
    Span statement = otel.getTracer("test").spanBuilder("statement").startSpan();
    try (Scope ignored = statement.makeCurrent()) {
      Snapshot s = storage.snapshot(storage.currentTimestamp());
      assertThat(s.batchGet(keys())).hasSize(keys().size());
      writeAll(2);
    } finally {
      statement.end();
    }
    storage.setOption("cairn_enable_rpc_trace", "OFF");

    assertThat(threadsByKind.get("KvBatchGet")).as("the batch get fanned out to the pool")
        .anySatisfy(name -> assertThat(name).startsWith("cairn-tikv-worker"));
    assertThat(threadsByKind.get("KvPrewrite")).anySatisfy(name -> assertThat(name).startsWith("cairn-tikv-worker"));
    String traceId = statement.getSpanContext().getTraceId();
    String parentId = statement.getSpanContext().getSpanId();
    List<SpanData> spans = exporter.getFinishedSpanItems();
    for (String kind : List.of("KvBatchGet", "KvPrewrite", "KvCommit")) {
      List<SpanData> rpcs = spans.stream().filter(sd -> sd.getName().equals("tikv/" + kind)).toList();
      assertThat(rpcs).as(kind + " spans, one per region").hasSizeGreaterThanOrEqualTo(kind.equals("KvCommit") ? 7 : 6)
          .allSatisfy(sd -> {
            assertThat(sd.getTraceId()).isEqualTo(traceId);
            assertThat(sd.getParentSpanId()).as(sd.getName() + " on region " + sd.getAttributes()).isEqualTo(parentId);
          });
    }
  }

  @Test
  void theNodesServerSpansAreChildrenOfTheDriversRpcSpans() throws InterruptedException {
    writeAll(1);
    storage.setOption("cairn_enable_rpc_trace", "ON");
    Span statement = otel.getTracer("test").spanBuilder("statement").startSpan();
    try (Scope ignored = statement.makeCurrent()) {
      assertThat(storage.snapshot(storage.currentTimestamp()).batchGet(keys())).hasSize(keys().size());
    } finally {
      statement.end();
    }
    storage.setOption("cairn_enable_rpc_trace", "OFF");
    List<SpanData> spans = exporter.getFinishedSpanItems();
    List<SpanData> clients = spans.stream().filter(sd -> sd.getName().equals("tikv/KvBatchGet")).toList();
    List<SpanData> servers = spans.stream().filter(sd -> sd.getName().equals("tikvpb.Tikv/KvBatchGet")
        && sd.getTraceId().equals(statement.getSpanContext().getTraceId())).toList();
    assertThat(clients).hasSizeGreaterThanOrEqualTo(6);
    assertThat(servers).as("one server span per client span").hasSameSizeAs(clients);
    Set<String> clientIds = new java.util.HashSet<>();
    clients.forEach(c -> clientIds.add(c.getSpanId()));
    assertThat(servers).allSatisfy(sd -> {
      assertThat(sd.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.SERVER);
      assertThat(sd.getParentSpanContext().isRemote()).as("read from the gRPC metadata").isTrue();
      assertThat(clientIds).contains(sd.getParentSpanId());
    });
  }
}
