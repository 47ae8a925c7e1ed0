package io.cairn.kv;

/**
 * Sends coprocessor requests to the storage nodes that hold the requested ranges (TiDB's
 * {@code kv.Client}). The client splits the ranges by region, runs the region tasks with the
 * request's concurrency, retries region errors, and streams the results back.
 *
 * <p>Thread-safe. Owned by its {@link Storage}; callers never close it.
 */
public interface Client {

  /**
   * Starts {@code request}.
   *
   * @throws UnsupportedOperationException if the storage cannot run this request type
   *     ({@link #supports} is false)
   */
  CopResponseIterator send(CopRequest request);

  /** Whether {@link #send} accepts requests of {@code type}. */
  boolean supports(CopRequestType type);
}
