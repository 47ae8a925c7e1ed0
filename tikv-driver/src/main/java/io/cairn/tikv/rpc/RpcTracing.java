package io.cairn.tikv.rpc;

import com.google.protobuf.Message;
import io.cairn.proto.errorpb.Error;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.grpc.Metadata;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Trace context for the driver's RPCs (OpenTelemetry API), switched on and off at runtime.
 *
 * <p>Enabled, every RPC attempt the {@link RpcClient} sends becomes a client span {@code
 * tikv/<Method>} whose parent is the OpenTelemetry context current on the sending thread (the
 * SQL layer's statement span, when it made one current), with the store, region and attempt as
 * attributes and a failed attempt's exception and region error recorded; and the span's context
 * travels to the node as a W3C {@code traceparent} (and {@code tracestate}) header in the gRPC
 * metadata. Whether spans are recorded and exported is up to the {@link OpenTelemetry} instance
 * given (the process's SDK; with the no-op API a span only carries its parent's context, so the
 * caller's trace still reaches the node). Disabled, an RPC pays one volatile read.
 *
 * <p>Work the driver fans out to its own threads (region batches, secondary commits,
 * coprocessor tasks) runs on executors wrapped with {@link Context#taskWrapping}, so those RPC
 * spans too are children of the caller's span. Thread-safe.
 */
public final class RpcTracing implements RpcInterceptor {

  private static final AttributeKey<Long> STORE = AttributeKey.longKey("cairn.store_id");
  private static final AttributeKey<Long> REGION = AttributeKey.longKey("cairn.region_id");
  private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("cairn.attempt");
  private static final AttributeKey<String> REGION_ERROR = AttributeKey.stringKey("cairn.region_error");

  private static final TextMapSetter<Metadata> SETTER =
      (md, key, value) -> md.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);

  private final Supplier<OpenTelemetry> openTelemetry;
  private final TextMapPropagator propagator = W3CTraceContextPropagator.getInstance();
  private volatile Tracer tracer;
  private volatile boolean enabled;

  /**
   * @param openTelemetry asked once, when tracing is first enabled: a process sets up its
   *     OpenTelemetry SDK after storages open ({@code GlobalOpenTelemetry::get} must not be read
   *     before that, or the SDK can no longer be installed)
   */
  public RpcTracing(Supplier<OpenTelemetry> openTelemetry) {
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
  }

  public synchronized void setEnabled(boolean on) {
    if (on && tracer == null) {
      tracer = openTelemetry.get().getTracer("io.cairn.tikv");
    }
    enabled = on;
  }

  public boolean isEnabled() {
    return enabled;
  }

  @Override
  public <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
    if (!enabled) {
      return next.proceed(call);
    }
    Span span = tracer.spanBuilder("tikv/" + call.kind().name())
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute("rpc.system", "grpc")
        .setAttribute("rpc.service", "tikvpb.Tikv")
        .setAttribute("rpc.method", call.kind().name())
        .setAttribute(STORE, call.storeId())
        .setAttribute(REGION, call.regionId())
        .setAttribute(ATTEMPT, (long) call.attempt())
        .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      Resp resp = next.proceed(call);
      Error error = call.kind().regionError(resp);
      if (error != null) {
        span.setAttribute(REGION_ERROR, error.getAllFields().keySet().stream().map(f -> f.getName())
            .filter(n -> !n.equals("message")).findFirst().orElse(error.getMessage()));
      }
      return resp;
    } catch (RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      throw e;
    } finally {
      span.end();
    }
  }

  /**
   * The headers carrying the current trace context to the node, or null when tracing is off or
   * there is no valid context to send.
   */
  Metadata headers() {
    if (!enabled || !Span.current().getSpanContext().isValid()) {
      return null;
    }
    Metadata md = new Metadata();
    propagator.inject(Context.current(), md, SETTER);
    return md;
  }
}
