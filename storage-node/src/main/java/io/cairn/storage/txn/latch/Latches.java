package io.cairn.storage.txn.latch;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serializes commands that touch the same keys: every key hashes to one of a fixed number of
 * slots, and a command holds the slots of all its keys while it reads, decides and writes its
 * batch. Commands on disjoint slots run in parallel. Slots are taken in ascending order, so
 * two commands can never wait for each other in a cycle.
 *
 * <p>Thread-safe. A {@link Guard} must be closed by the thread that acquired it.
 */
public final class Latches {
  private final ReentrantLock[] slots;

  /** @param slotCount a power of two */
  public Latches(int slotCount) {
    if (slotCount <= 0 || Integer.bitCount(slotCount) != 1) {
      throw new IllegalArgumentException("slot count must be a power of two: " + slotCount);
    }
    slots = new ReentrantLock[slotCount];
    for (int i = 0; i < slotCount; i++) {
      slots[i] = new ReentrantLock();
    }
  }

  /** The slot {@code key} maps to. */
  public int slotOf(byte[] key) {
    int h = Arrays.hashCode(key);
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    return h & (slots.length - 1);
  }

  /** Blocks until every slot of {@code keys} is held by the calling thread. */
  public Guard acquire(Collection<byte[]> keys) {
    int[] wanted = keys.stream().mapToInt(this::slotOf).sorted().distinct().toArray();
    int taken = 0;
    try {
      for (int slot : wanted) {
        slots[slot].lock();
        taken++;
      }
    } catch (RuntimeException | Error e) {
      release(wanted, taken);
      throw e;
    }
    return new Guard(wanted);
  }

  private void release(int[] held, int count) {
    for (int i = count - 1; i >= 0; i--) {
      slots[held[i]].unlock();
    }
  }

  /** Held slots; closing releases them (once). */
  public final class Guard implements AutoCloseable {
    private final int[] held;
    private boolean closed;

    private Guard(int[] held) {
      this.held = held;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release(held, held.length);
      }
    }
  }
}
