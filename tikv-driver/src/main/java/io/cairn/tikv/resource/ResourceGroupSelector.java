package io.cairn.tikv.resource;

import io.cairn.tikv.rpc.RpcCall;

/**
 * Names the resource group an RPC is charged to. Called by {@link ResourceControlInterceptor} on
 * the thread that sends the RPC, for every attempt; must be cheap and thread-safe.
 *
 * <p>Our {@code kvrpcpb.Context} has no resource-group field (TiKV's {@code
 * resource_control_context} is not part of the protocol yet, and {@code resource_group_tag} is
 * the Top SQL tag, not a group), so the group does not travel in the request: {@link
 * ResourceGroupContext#SELECTOR} reads it from the caller's gRPC {@code Context}. Once the
 * protocol carries the name, a selector reading it from {@code call.kind().context(request)}
 * replaces that one without changing the interceptor.
 */
@FunctionalInterface
public interface ResourceGroupSelector {

  /** The group's name, or null for the {@code default} group. */
  String groupOf(RpcCall<?, ?> call);
}
