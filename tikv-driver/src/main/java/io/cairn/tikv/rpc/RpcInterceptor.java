package io.cairn.tikv.rpc;

import com.google.protobuf.Message;

/**
 * A link in the chain around every RPC the driver sends to a store ({@link RpcClient}). An
 * interceptor may pass the call on ({@code next.proceed(call)}), change the request, answer
 * itself (for example with {@link RpcKind#regionErrorResponse}), delay, or throw a gRPC {@code
 * StatusRuntimeException} to simulate a transport failure. It runs on the caller's thread,
 * inside the RPC's store-limit slot, before the deadline starts.
 *
 * <p>Uses: the fault hooks of tests ({@link FaultInjector}); and the resource-control hook: a
 * request-unit token bucket per resource group will sit here, charging the request before it
 * proceeds (throttling by waiting, never by failing) and the response's cost after it.
 * Interceptors are installed and removed at runtime with {@link RpcClient#addInterceptor} and
 * {@link RpcClient#removeInterceptor}; with none installed the call path does not touch the
 * chain. Implementations must be thread-safe.
 */
public interface RpcInterceptor {

  <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next);

  /** The rest of the chain, ending at the network. */
  @FunctionalInterface
  interface Invocation<Req extends Message, Resp extends Message> {
    Resp proceed(RpcCall<Req, Resp> call);
  }
}
