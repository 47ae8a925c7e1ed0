package io.cairn.storage.region;

/**
 * Hands out cluster-unique ids for new regions and peers (PD's AllocID; an in-process counter
 * for local mode). Thread-safe; every call returns an id never returned before.
 */
@FunctionalInterface
public interface IdAllocator {
  long allocate();
}
