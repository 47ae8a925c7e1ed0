package io.cairn.tikv.copr;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the coprocessor client; plain adders until the Prometheus registry exists. Thread-safe. */
public final class CopMetrics {

  final LongAdder requests = new LongAdder();
  final LongAdder tasks = new LongAdder();
  final LongAdder rpcs = new LongAdder();
  final LongAdder regionChanges = new LongAdder();
  final LongAdder locksMet = new LongAdder();
  final LongAdder responses = new LongAdder();
  final LongAdder pages = new LongAdder();

  CopMetrics() {}

  /** Coprocessor requests sent. */
  public long requests() {
    return requests.sum();
  }

  /** Region tasks run: one per region of a request, plus one per piece of a re-split task. */
  public long tasks() {
    return tasks.sum();
  }

  /** Coprocessor RPC answers received (each retry of a task counts). */
  public long rpcs() {
    return rpcs.sum();
  }

  /** Tasks whose region changed under them (split, merge, moved) and were re-split. */
  public long regionChanges() {
    return regionChanges.sum();
  }

  /** Locks a task met and handed to the lock resolver. */
  public long locksMet() {
    return locksMet.sum();
  }

  /** Responses streamed to callers. */
  public long responses() {
    return responses.sum();
  }

  /** Follow-up pages requested because a node stopped a task after a page of rows. */
  public long pages() {
    return pages.sum();
  }
}
