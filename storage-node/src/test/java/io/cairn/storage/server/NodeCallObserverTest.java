package io.cairn.storage.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The node's view of a call: the server span under the caller's trace, its log context, its latency. */
class NodeCallObserverTest {

  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN_ID = "b7ad6b7169203331";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .build();
  /** The MDC trace id the handler's step saw ("-" for none). */
  private final List<String> mdcSeen = new CopyOnWriteArrayList<>();
  private Server server;
  private ManagedChannel channel;

  /** Inside the observer: records the MDC while the call's handler runs. */
  private final ServerInterceptor probe = new ServerInterceptor() {
    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
      return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
        @Override
        public void onHalfClose() {
          String id = MDC.get("trace_id");
          mdcSeen.add(id == null ? "-" : id);
          super.onHalfClose();
        }
      };
    }
  };

  private NodeCallObserver start(OpenTelemetry otel) throws IOException {
    NodeCallObserver observer = new NodeCallObserver(() -> otel);
    String name = "observer-" + System.nanoTime();
    // The last interceptor listed runs first: the observer wraps the probe.
    server = InProcessServerBuilder.forName(name)
        .addService(ServerInterceptors.intercept(new HealthStatusManager().getHealthService(), probe, observer))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    return observer;
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    sdk.close();
  }

  private void check(String traceparent) {
    Metadata headers = new Metadata();
    if (traceparent != null) {
      headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), traceparent);
    }
    HealthGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(30, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
  }

  @Test
  void theServerSpanIsAChildOfTheCallersSpanAndItsTraceIdIsInTheLogContext() throws IOException {
    start(sdk);
    check("00-" + TRACE_ID + "-" + SPAN_ID + "-01");
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    SpanData span = spans.get(0);
    assertThat(span.getName()).isEqualTo("grpc.health.v1.Health/Check");
    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(span.getParentSpanId()).isEqualTo(SPAN_ID);
    assertThat(span.getParentSpanContext().isRemote()).isTrue();
    assertThat(mdcSeen).containsExactly(TRACE_ID);
  }

  @Test
  void withoutAnSdkTheCallersTraceIdStillReachesTheLogContextAndWithoutATraceNothingDoes() throws IOException {
    start(OpenTelemetry.noop());
    check("00-" + TRACE_ID + "-" + SPAN_ID + "-01");
    check(null);
    assertThat(mdcSeen).containsExactly(TRACE_ID, "-");
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void everyCallIsTimedByMethodAndStatusCode() throws IOException {
    NodeCallObserver observer = start(OpenTelemetry.noop());
    PrometheusRegistry registry = new PrometheusRegistry();
    observer.register(registry);
    check(null);
    check(null);
    HistogramSnapshot h = (HistogramSnapshot) registry.scrape().stream()
        .filter(m -> m.getMetadata().getName().equals("cairn_node_grpc_duration_seconds")).findFirst().orElseThrow();
    assertThat(h.getDataPoints()).singleElement().satisfies(p -> {
      assertThat(p.getLabels().get("method")).isEqualTo("Check");
      assertThat(p.getLabels().get("code")).isEqualTo("OK");
      assertThat(p.getCount()).isEqualTo(2);
      assertThat(p.getClassicBuckets().getUpperBound(0)).isEqualTo(0.0001);
      assertThat(p.getSum()).isPositive();
    });
  }
}
