package io.cairn.storage.txn.lockwait;

import io.cairn.storage.mvcc.KeyError.WaitForEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The store-wide wait-for graph of transactions (TiKV's deadlock detector, for a single
 * store): an edge {@code a → b} means transaction {@code a} waits for a lock held by
 * {@code b}. An edge is only added if it does not close a cycle; otherwise the waiter is told
 * it would deadlock, and the cycle is returned.
 *
 * <p>Thread-safe (one monitor; the graph is small: one edge per waiting request).
 */
public final class DeadlockDetector {
  /** waiter → (holder → edge); a waiter may wait on several holders through several requests. */
  private final Map<Long, Map<Long, WaitForEntry>> edges = new HashMap<>();
  /** Number of registrations of each edge, so concurrent requests of one txn unwind cleanly. */
  private final Map<List<Long>, Integer> refCounts = new HashMap<>();

  /**
   * Adds {@code waiter → holder}, or returns the cycle it would close (its last entry is the
   * new edge) without adding it. Returns null when the edge was added.
   */
  public synchronized List<WaitForEntry> detectAndAdd(
      long waiter, long holder, long keyHash, byte[] key) {
    WaitForEntry edge = new WaitForEntry(waiter, holder, keyHash, key);
    if (waiter == holder) {
      return List.of(edge);
    }
    List<WaitForEntry> path = findPath(holder, waiter);
    if (path != null) {
      path.add(edge);
      return path;
    }
    edges.computeIfAbsent(waiter, w -> new LinkedHashMap<>()).put(holder, edge);
    refCounts.merge(List.of(waiter, holder), 1, Integer::sum);
    return null;
  }

  /** Removes one registration of {@code waiter → holder}. */
  public synchronized void remove(long waiter, long holder) {
    List<Long> id = List.of(waiter, holder);
    Integer left = refCounts.computeIfPresent(id, (k, n) -> n == 1 ? null : n - 1);
    if (left == null) {
      Map<Long, WaitForEntry> out = edges.get(waiter);
      if (out != null) {
        out.remove(holder);
        if (out.isEmpty()) {
          edges.remove(waiter);
        }
      }
    }
  }

  /** Number of edges (for tests and metrics). */
  public synchronized int edgeCount() {
    return edges.values().stream().mapToInt(Map::size).sum();
  }

  /** A path of edges from {@code from} to {@code to}, or null. Depth-first. */
  private List<WaitForEntry> findPath(long from, long to) {
    List<WaitForEntry> path = new ArrayList<>();
    Set<Long> visited = new HashSet<>();
    return dfs(from, to, path, visited) ? path : null;
  }

  private boolean dfs(long at, long to, List<WaitForEntry> path, Set<Long> visited) {
    if (at == to) {
      return true;
    }
    if (!visited.add(at)) {
      return false;
    }
    Map<Long, WaitForEntry> out = edges.get(at);
    if (out == null) {
      return false;
    }
    for (WaitForEntry e : out.values()) {
      path.add(e);
      if (dfs(e.waitForTxn(), to, path, visited)) {
        return true;
      }
      path.remove(path.size() - 1);
    }
    return false;
  }
}
