package io.cairn.tikv.driver;

import io.cairn.kv.Driver;
import io.cairn.kv.Storage;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code unistore://[name][?stores=N]}: the same driver code over an in-process PD (metadata
 * in memory) and {@code N} in-process nodes on the in-memory engine (default 1), reached over
 * in-process gRPC channels; no network, nothing on disk. The cluster starts with one region.
 *
 * <p>A named store ({@code unistore://shared}) is cached: opening the name again returns the
 * same storage until the last close. {@code unistore://} without a name is a new, private
 * store on every open, so tests that open it never see each other's data. Names are letters,
 * digits, {@code . _ -}. Reads are kept above PD's GC safe point; the driver runs no GC
 * worker. Thread-safe.
 */
public final class UnistoreDriver implements Driver {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]*");
  private static final int MAX_STORES = 16;

  private final StoreCache cache;

  /** A driver on the process-wide {@link StoreCache#PROCESS}, as ServiceLoader builds it. */
  public UnistoreDriver() {
    this(StoreCache.PROCESS);
  }

  public UnistoreDriver(StoreCache cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  @Override
  public String scheme() {
    return "unistore";
  }

  @Override
  public Storage open(String url) {
    StorageUrl parsed = StorageUrl.parse(url, scheme(), Set.of("stores"));
    String name = parsed.path();
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("unistore name may hold letters, digits, '.', '_' and "
          + "'-' only: " + url);
    }
    int stores = parsed.intOption("stores", 1, 1, MAX_STORES);
    String key = parsed.normalized();
    StoreCache.Opener opener = () -> InProcessCluster.openStorage(key, "unistore", null, stores);
    return name.isEmpty() ? cache.openPrivate(opener) : cache.open(key, opener);
  }
}
