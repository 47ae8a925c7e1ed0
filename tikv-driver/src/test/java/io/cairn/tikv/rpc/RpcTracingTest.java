package io.cairn.tikv.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.proto.kvrpcpb.GetRequest;
import io.cairn.proto.kvrpcpb.GetResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The trace context of RPCs: sent in the gRPC metadata only while tracing is on. */
class RpcTracingTest {

  private static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN_ID = "b7ad6b7169203331";

  private FakeTikvCluster nodes;
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final AtomicInteger sdkLookups = new AtomicInteger();
  private RpcClient client;
  private RpcTracing tracing;

  /** Records the traceparent header of every call leaving the channel ("-" for none). */
  private final ClientInterceptor capture = new ClientInterceptor() {
    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<A> listener, Metadata headers) {
          String tp = headers.get(TRACEPARENT);
          sent.add(tp == null ? "-" : tp);
          super.start(listener, headers);
        }
      };
    }
  };

  @BeforeEach
  void start() {
    nodes = new FakeTikvCluster("trace-" + System.nanoTime());
    nodes.startStore(1);
    client = new RpcClient(new ConnectionPool(
        address -> InProcessChannelBuilder.forName(ChannelFactory.stripScheme(address)).intercept(capture).build(), 1), 0);
    tracing = new RpcTracing(() -> {
      sdkLookups.incrementAndGet();
      return OpenTelemetry.noop();
    });
    client.installTracing(tracing);
  }

  @AfterEach
  void stop() {
    client.close();
    nodes.close();
  }

  private GetResponse get() {
    return client.call(new RpcCall<>(RpcKind.KV_GET, 1, nodes.address(1), 1,
        GetRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build(), Duration.ofSeconds(30), 0));
  }

  private static Span parent() {
    return Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault()));
  }

  @Test
  void theCallersTraceReachesTheNodeOnlyWhileTracingIsOn() {
    try (Scope ignored = parent().makeCurrent()) {
      get();
      tracing.setEnabled(true);
      assertThat(get().getValue().toStringUtf8()).isEqualTo("v@1");
      tracing.setEnabled(false);
      get();
    }
    assertThat(sent).hasSize(3);
    assertThat(sent.get(0)).as("off").isEqualTo("-");
    // The no-op API's span carries its parent's context; an SDK's would carry a child span id.
    assertThat(sent.get(1)).as("on").startsWith("00-" + TRACE_ID + "-").endsWith("-01");
    assertThat(sent.get(2)).as("off again").isEqualTo("-");
  }

  @Test
  void withoutAValidContextNothingIsSent() {
    tracing.setEnabled(true);
    get();
    assertThat(sent).containsExactly("-");
  }

  @Test
  void theOpenTelemetryInstanceIsLookedUpOnlyWhenTracingIsFirstSwitchedOn() {
    get();
    assertThat(sdkLookups).hasValue(0);
    tracing.setEnabled(true);
    tracing.setEnabled(false);
    tracing.setEnabled(true);
    assertThat(sdkLookups).hasValue(1);
  }

  @Test
  void tracingIsInstalledOnce() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.installTracing(new RpcTracing(OpenTelemetry::noop)))
        .isInstanceOf(IllegalStateException.class);
  }
}
