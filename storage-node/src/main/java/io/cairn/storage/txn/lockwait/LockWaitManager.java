package io.cairn.storage.txn.lockwait;

import io.cairn.storage.mvcc.KeyError;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pessimistic lock requests waiting for other transactions' locks (TiKV's lock manager,
 * single store). A request that met a lock registers while it still holds the key's latch —
 * so the release it waits for cannot slip by unseen — then releases the latch and waits until
 * the lock is released ({@link #wakeUp}) or its timeout passes, and retries. Registration
 * adds a wait-for edge to the {@link DeadlockDetector} and fails with
 * {@link KeyError.Deadlock} if that would close a cycle.
 *
 * <p>Thread-safe. Keys are encoded keys.
 */
public final class LockWaitManager {
  private final DeadlockDetector detector;
  private final Map<ByteBuffer, List<Waiter>> waiters = new ConcurrentHashMap<>();

  public LockWaitManager(DeadlockDetector detector) {
    this.detector = detector;
  }

  public DeadlockDetector detector() {
    return detector;
  }

  /** A registered wait; {@link #finish} it exactly once. */
  public static final class Waiter {
    private final ByteBuffer key;
    private final long waiterTs;
    private final long holderTs;
    private final CompletableFuture<Void> released = new CompletableFuture<>();

    private Waiter(ByteBuffer key, long waiterTs, long holderTs) {
      this.key = key;
      this.waiterTs = waiterTs;
      this.holderTs = holderTs;
    }
  }

  /** A waiter or, when waiting would deadlock, the deadlock error. */
  public record Registration(Waiter waiter, KeyError.Deadlock deadlock) {}

  /**
   * Registers {@code waiterTs} waiting for {@code holderTs}'s lock on {@code encodedKey}.
   * {@code userKey} goes into a deadlock report.
   */
  public Registration register(byte[] encodedKey, byte[] userKey, long waiterTs, long holderTs) {
    long keyHash = Arrays.hashCode(encodedKey);
    List<KeyError.WaitForEntry> cycle = detector.detectAndAdd(waiterTs, holderTs, keyHash, userKey);
    if (cycle != null) {
      return new Registration(null, new KeyError.Deadlock(holderTs, userKey, keyHash, cycle));
    }
    ByteBuffer k = ByteBuffer.wrap(encodedKey.clone());
    Waiter w = new Waiter(k, waiterTs, holderTs);
    waiters.computeIfAbsent(k, x -> new CopyOnWriteArrayList<>()).add(w);
    return new Registration(w, null);
  }

  /**
   * Waits until the lock is released or {@code timeoutNanos} pass.
   *
   * @return true if woken by a release, false on timeout
   */
  public boolean await(Waiter w, long timeoutNanos) throws InterruptedException {
    try {
      w.released.get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Unregisters {@code w} and its wait-for edge. */
  public void finish(Waiter w) {
    waiters.computeIfPresent(w.key, (k, list) -> {
      list.remove(w);
      return list.isEmpty() ? null : list;
    });
    detector.remove(w.waiterTs, w.holderTs);
  }

  /** Wakes every waiter on the given encoded keys (their locks were just removed). */
  public void wakeUp(Collection<byte[]> encodedKeys) {
    for (byte[] key : encodedKeys) {
      List<Waiter> list = waiters.get(ByteBuffer.wrap(key));
      if (list != null) {
        for (Waiter w : list) {
          w.released.complete(null);
        }
      }
    }
  }

  /** Number of registered waiters (for tests and metrics). */
  public int waiterCount() {
    return waiters.values().stream().mapToInt(List::size).sum();
  }
}
