package io.cairn.tikv.driver;

import io.cairn.kv.Storage;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open storages by normalized URL (TiDB's store cache): opening a URL that is open already
 * returns the same {@link Storage} instance and counts one more reference; every
 * {@link Storage#close()} on it gives one back, and the last one closes the storage and then
 * the resources behind it (an in-process PD and nodes). A close after the last is a no-op.
 *
 * <p>Opens are serialized: a URL being opened (starting an in-process cluster can take a
 * second) holds off other opens, so one URL is never built twice. Closing the last reference
 * happens outside the cache's lock.
 *
 * <p>One process-wide cache, {@link #PROCESS}, serves the drivers that {@code ServiceLoader}
 * creates: the same embedded data dir must never be opened twice in a process, however many
 * driver instances exist. Tests build their own. Thread-safe.
 */
public final class StoreCache {

  private static final Logger LOG = LoggerFactory.getLogger(StoreCache.class);

  /** The cache of the drivers' no-argument constructors. */
  public static final StoreCache PROCESS = new StoreCache();

  /**
   * What an {@link Opener} built.
   *
   * @param storage the storage handed to callers
   * @param resources closed after {@code storage} when the last reference goes (in-process
   *     cluster); null when there is none
   */
  public record Built(Storage storage, AutoCloseable resources) {
    public Built {
      Objects.requireNonNull(storage, "storage");
    }
  }

  /**
   * Builds a storage. Contract: on failure it throws after closing whatever it had built, so
   * the cache has nothing to release.
   */
  @FunctionalInterface
  public interface Opener {
    Built open();
  }

  private final Map<String, SharedStorage> open = new HashMap<>();

  /**
   * The storage cached under {@code key} with one more reference, or a new one from
   * {@code opener}, cached with one reference.
   */
  public synchronized Storage open(String key, Opener opener) {
    SharedStorage s = open.get(key);
    if (s != null) {
      s.references++;
      return s;
    }
    s = new SharedStorage(this, key, opener.open());
    open.put(key, s);
    return s;
  }

  /** A new storage from {@code opener} that no other open shares (anonymous unistore). */
  public Storage openPrivate(Opener opener) {
    return new SharedStorage(this, null, opener.open());
  }

  /** References held on the storage cached under {@code key}; 0 when none is. */
  public synchronized int references(String key) {
    SharedStorage s = open.get(key);
    return s == null ? 0 : s.references;
  }

  /** Gives back one reference of {@code s}; true when it was the last (the caller closes). */
  synchronized boolean release(SharedStorage s) {
    if (s.references == 0) {
      return false;
    }
    s.references--;
    if (s.references > 0) {
      return false;
    }
    if (s.key != null) {
      open.remove(s.key, s);
    }
    return true;
  }

  static void closeBuilt(Built built) {
    try {
      built.storage().close();
    } finally {
      if (built.resources() != null) {
        try {
          built.resources().close();
        } catch (Exception e) {
          LOG.warn("error closing the resources of {}: {}", built.storage().describe(),
              e.toString());
        }
      }
    }
  }
}
