package io.cairn.tikv.rpc;

import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ClientCalls;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends one RPC to one store address: through the interceptor chain, within the store's
 * {@code store-limit}, over a pooled channel, with the call's deadline. Knows nothing of
 * regions; {@link RegionRequestSender} builds on it. Failures surface as gRPC {@code
 * StatusRuntimeException}s or {@link StoreLimitExceededException}. Each attempt's time on the
 * wire is recorded in {@link #metrics()}. Thread-safe; {@link #close()} closes the connection
 * pool.
 */
public final class RpcClient implements AutoCloseable {

  private static final RpcInterceptor[] NONE = new RpcInterceptor[0];

  private final ConnectionPool pool;
  private final int storeLimit;
  private final ConcurrentHashMap<Long, AtomicInteger> inflight = new ConcurrentHashMap<>();
  private volatile RpcInterceptor[] interceptors = NONE;
  private volatile RpcTracing tracing;
  private final RpcMetrics metrics = new RpcMetrics();

  /** @param storeLimit most requests in flight per store, 0 for no limit */
  public RpcClient(ConnectionPool pool, int storeLimit) {
    this.pool = pool;
    this.storeLimit = storeLimit;
  }

  /** Appends an interceptor; it sees calls after those installed before it. */
  public synchronized void addInterceptor(RpcInterceptor interceptor) {
    RpcInterceptor[] next = Arrays.copyOf(interceptors, interceptors.length + 1);
    next[next.length - 1] = interceptor;
    interceptors = next;
  }

  /**
   * Installs the trace hook: its interceptor joins the chain (after those installed before), and
   * while it is enabled every request carries its trace context in the gRPC metadata.
   */
  public synchronized void installTracing(RpcTracing t) {
    if (tracing != null) {
      throw new IllegalStateException("tracing is installed already");
    }
    addInterceptor(t);
    tracing = t;
  }

  public synchronized void removeInterceptor(RpcInterceptor interceptor) {
    interceptors = Arrays.stream(interceptors).filter(i -> i != interceptor).toArray(RpcInterceptor[]::new);
  }

  public <Req extends Message, Resp extends Message> Resp call(RpcCall<Req, Resp> call) {
    AtomicInteger counter = null;
    if (storeLimit > 0) {
      counter = inflight.computeIfAbsent(call.storeId(), id -> new AtomicInteger());
      if (counter.incrementAndGet() > storeLimit) {
        counter.decrementAndGet();
        throw new StoreLimitExceededException(call.storeId(), storeLimit);
      }
    }
    try {
      RpcInterceptor[] chain = interceptors;
      return chain.length == 0 ? network(call) : proceed(chain, 0, call);
    } finally {
      if (counter != null) {
        counter.decrementAndGet();
      }
    }
  }

  private <Req extends Message, Resp extends Message> Resp proceed(RpcInterceptor[] chain, int index, RpcCall<Req, Resp> call) {
    if (index == chain.length) {
      return network(call);
    }
    return chain[index].intercept(call, c -> proceed(chain, index + 1, c));
  }

  private <Req extends Message, Resp extends Message> Resp network(RpcCall<Req, Resp> call) {
    Channel channel = pool.channel(call.address());
    RpcTracing t = tracing;
    Metadata headers = t == null ? null : t.headers();
    if (headers != null) {
      channel = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    long start = System.nanoTime();
    Resp resp;
    try {
      resp = ClientCalls.blockingUnaryCall(
          channel,
          call.kind().method(),
          CallOptions.DEFAULT.withDeadlineAfter(call.timeout().toNanos(), TimeUnit.NANOSECONDS),
          call.request());
    } catch (StatusRuntimeException e) {
      metrics.record(call.kind(), RpcMetrics.Outcome.RPC_ERROR, System.nanoTime() - start);
      throw e;
    }
    long elapsed = System.nanoTime() - start;
    metrics.record(call.kind(),
        call.kind().regionError(resp) == null ? RpcMetrics.Outcome.OK : RpcMetrics.Outcome.REGION_ERROR, elapsed);
    return resp;
  }

  /** Latency of the attempts sent so far, by RPC kind and outcome. */
  public RpcMetrics metrics() {
    return metrics;
  }

  public ConnectionPool pool() {
    return pool;
  }

  @Override
  public void close() {
    pool.close();
  }
}
