package io.cairn.tikv.rpc;

import com.google.protobuf.Message;
import java.time.Duration;

/**
 * One attempt of one RPC to one store, as interceptors see it.
 *
 * @param regionId the region the request is routed to, 0 for store-level calls
 * @param attempt 0 for the first attempt of a request, counting up on retries
 */
public record RpcCall<Req extends Message, Resp extends Message>(
    RpcKind<Req, Resp> kind, long storeId, String address, long regionId, Req request, Duration timeout, int attempt) {

  public RpcCall<Req, Resp> withRequest(Req newRequest) {
    return new RpcCall<>(kind, storeId, address, regionId, newRequest, timeout, attempt);
  }
}
