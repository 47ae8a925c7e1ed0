package io.cairn.tikv.rpc;

import io.cairn.proto.errorpb.Error;
import io.cairn.tikv.region.InvalidReason;
import io.cairn.tikv.region.RegionVerId;

/**
 * How a request to one region ended. Callers switch over the three cases: use the response,
 * re-split their keys or ranges over the refreshed cache and send again (with the same
 * Backoffer), or report an unknown outcome.
 */
public sealed interface SendOutcome<Resp> {

  /** The region answered. The response carries no region error (key errors are the caller's). */
  record Ok<Resp>(Resp response, RegionVerId region, long storeId) implements SendOutcome<Resp> {}

  /**
   * The region is not what the caller thought (split, merged, moved, not found): the cache has
   * been updated and the caller's keys may now span several regions, so it must group them
   * again. {@code error} is the node's region error, null when the cache itself dropped the
   * region (e.g. no reachable replica).
   */
  record RegionChanged<Resp>(RegionVerId region, InvalidReason reason, Error error) implements SendOutcome<Resp> {}

  /**
   * A commit-type request failed in transport after it may have reached the node: it may or
   * may not have been applied. The sender does not retry it; the committer sends the same
   * (idempotent) commit again and reports "result undetermined" only when no answer ever comes.
   */
  record Undetermined<Resp>(RegionVerId region, long storeId, Throwable cause) implements SendOutcome<Resp> {}
}
