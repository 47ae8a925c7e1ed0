package io.cairn.storage.server;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Watches every call the node's gRPC server takes: the server half of the driver's trace, and
 * the latency per method.
 *
 * <p>Tracing: the caller's W3C {@code traceparent}/{@code tracestate} headers are read with the
 * W3C propagator and the call runs in a {@link SpanKind#SERVER} span {@code <service>/<method>}
 * (e.g. {@code tikvpb.Tikv/KvGet}) that is their child, current on the thread for each step of
 * the call, so the driver's and the node's spans join one trace. While a valid trace context is
 * current, the logging MDC holds its {@code trace_id} (and {@code span_id}), so the node's log
 * lines of that call carry it. Whether spans are recorded is up to the {@link OpenTelemetry}
 * given (no-op unless an SDK is configured; the instance is asked once, on the first call, so
 * a process may install its SDK after the node is built).
 *
 * <p>Latency: from the call's start to its close, in seconds, into {@code
 * cairn_node_grpc_duration_seconds} labelled {@code method} (the bare gRPC method name) and
 * {@code code} (the gRPC status code). The histogram is built unregistered, so calls are
 * measured whether or not anybody scrapes; {@link #register} puts it on a status port's
 * registry. Thread-safe.
 */
public final class NodeCallObserver implements ServerInterceptor {

  private static final TextMapGetter<Metadata> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Metadata carrier) {
      return carrier.keys();
    }

    @Override
    public String get(Metadata carrier, String key) {
      return carrier == null ? null : carrier.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
    }
  };

  /** 0.1 ms to 10 s: a point read served from memory up to a write waiting out a Raft timeout. */
  private static final double[] BUCKETS =
      {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final Supplier<OpenTelemetry> openTelemetry;
  private final Histogram latency = Histogram.builder()
      .name("cairn_node_grpc_duration_seconds").help("Latency of the gRPC calls the node served, by method and status code")
      .classicOnly().classicUpperBounds(BUCKETS).labelNames("method", "code").build();
  private volatile Tracer tracer;

  /** @param openTelemetry asked once, at the first call ({@code GlobalOpenTelemetry::get} in a process) */
  public NodeCallObserver(Supplier<OpenTelemetry> openTelemetry) {
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
  }

  /** Registers the latency histogram on {@code registry}; once per registry. */
  public void register(PrometheusRegistry registry) {
    registry.register(latency);
  }

  private Tracer tracer() {
    Tracer t = tracer;
    if (t == null) {
      t = openTelemetry.get().getTracer("io.cairn.storage");
      tracer = t;
    }
    return t;
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    long start = System.nanoTime();
    String method = call.getMethodDescriptor().getBareMethodName();
    Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, GETTER);
    Span span = tracer().spanBuilder(call.getMethodDescriptor().getFullMethodName())
        .setParent(parent)
        .setSpanKind(SpanKind.SERVER)
        .setAttribute("rpc.system", "grpc")
        .setAttribute("rpc.service", call.getMethodDescriptor().getServiceName())
        .setAttribute("rpc.method", method)
        .startSpan();
    Context context = parent.with(span);
    AtomicBoolean ended = new AtomicBoolean();
    // A call ends once: closed by its handler, or cancelled by the client (then never closed).
    Consumer<Status> end = status -> {
      if (ended.compareAndSet(false, true)) {
        latency.labelValues(method, status.getCode().name()).observe((System.nanoTime() - start) / 1e9);
        span.setAttribute("rpc.grpc.status_code", status.getCode().value());
        if (!status.isOk()) {
          span.setStatus(StatusCode.ERROR, status.getCode().name());
        }
        span.end();
      }
    };
    ServerCall<Q, A> observed = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        end.accept(status);
        super.close(status, trailers);
      }
    };
    ServerCall.Listener<Q> listener;
    try (Scope ignored = context.makeCurrent(); Mdc mdc = Mdc.of(span)) {
      listener = next.startCall(observed, headers);
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(Q message) {
        try (Scope ignored = context.makeCurrent(); Mdc mdc = Mdc.of(span)) {
          super.onMessage(message);
        }
      }

      @Override
      public void onHalfClose() {
        try (Scope ignored = context.makeCurrent(); Mdc mdc = Mdc.of(span)) {
          super.onHalfClose();
        }
      }

      @Override
      public void onCancel() {
        try (Scope ignored = context.makeCurrent(); Mdc mdc = Mdc.of(span)) {
          super.onCancel();
        } finally {
          end.accept(Status.CANCELLED);
        }
      }

      @Override
      public void onComplete() {
        try (Scope ignored = context.makeCurrent(); Mdc mdc = Mdc.of(span)) {
          super.onComplete();
        }
      }

      @Override
      public void onReady() {
        try (Scope ignored = context.makeCurrent(); Mdc mdc = Mdc.of(span)) {
          super.onReady();
        }
      }
    };
  }

  /** The span's ids in the MDC for the duration of one step; nothing when the span is invalid. */
  private record Mdc(boolean set) implements AutoCloseable {
    static final String TRACE_ID = "trace_id";
    static final String SPAN_ID = "span_id";

    static Mdc of(Span span) {
      var sc = span.getSpanContext();
      if (!sc.isValid()) {
        return new Mdc(false);
      }
      MDC.put(TRACE_ID, sc.getTraceId());
      MDC.put(SPAN_ID, sc.getSpanId());
      return new Mdc(true);
    }

    @Override
    public void close() {
      if (set) {
        MDC.remove(TRACE_ID);
        MDC.remove(SPAN_ID);
      }
    }
  }
}
