package io.cairn.storage.server;

import io.cairn.proto.coprocessor.Request;
import io.cairn.proto.coprocessor.Response;
import io.cairn.storage.region.RegionSnapshot;

/**
 * Runs a coprocessor request (TiKV's envelope: {@code tp}, {@code data}, {@code ranges},
 * {@code start_ts}) on one region. The node has already checked the request's context and the
 * ranges' start keys, and passes a snapshot of the region that the caller closes after this
 * returns; the handler must not keep it. Locks met go into {@code Response.locked}, anything the
 * handler cannot run into {@code other_error}; region errors are the node's business.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface CoprocessorHandler {

  Response handle(Request request, RegionSnapshot snapshot);

  /** Answers every request with "unsupported request type": the node before the DAG executor. */
  CoprocessorHandler UNSUPPORTED = (request, snapshot) -> Response.newBuilder()
      .setOtherError("unsupported request type " + request.getTp()).build();
}
