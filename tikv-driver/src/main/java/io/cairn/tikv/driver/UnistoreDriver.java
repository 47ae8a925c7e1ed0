package io.cairn.tikv.driver;

import io.cairn.kv.Driver;
import io.cairn.kv.Storage;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code unistore://[name][?stores=N][&regions=N][&split-keys=HEX,HEX...]}: the same driver
 * code over an in-process PD (metadata in memory) and in-process nodes on the in-memory engine,
 * reached over in-process gRPC channels; no network, nothing on disk.
 *
 * <p>Options:
 * <ul>
 *   <li>{@code stores=N} (1–16, default 1): how many nodes register with PD. Without
 *       replication a region cannot move, so every region stays on the store that
 *       bootstrapped the cluster; the other stores are up and empty.</li>
 *   <li>{@code regions=N} (1–256, default 1): the cluster starts pre-split into {@code N}
 *       regions cut evenly over the first byte of the key: the one-byte user keys
 *       {@code floor(i * 256 / N)} for {@code i = 1 .. N-1} ({@code regions=16} cuts at
 *       {@code 10, 20, .. f0}).</li>
 *   <li>{@code split-keys=HEX,HEX...}: the cluster starts pre-split at these user keys
 *       (hexadecimal, e.g. {@code split-keys=61,62,6163}), in any order; duplicates count
 *       once. With {@code regions} too, the cluster is cut at both sets of keys.</li>
 * </ul>
 * Split keys are user keys, as the driver's callers see them; the nodes and PD hold them
 * memcomparable-encoded like any transactional boundary. The storage is handed out only once
 * PD knows every region, so the first requests are routed to the pre-split regions.
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
  private static final int MAX_EVEN_REGIONS = 256;

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
    StorageUrl parsed = StorageUrl.parse(url, scheme(), Set.of("stores", "regions",
        "split-keys"));
    String name = parsed.path();
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("unistore name may hold letters, digits, '.', '_' and "
          + "'-' only: " + url);
    }
    int stores = parsed.intOption("stores", 1, 1, MAX_STORES);
    List<byte[]> splitKeys = splitKeys(parsed);
    String key = parsed.normalized();
    StoreCache.Opener opener = () -> InProcessCluster.openStorage(key, "unistore", null, stores,
        splitKeys);
    return name.isEmpty() ? cache.openPrivate(opener) : cache.open(key, opener);
  }

  /**
   * The union of {@code regions}' even cuts and {@code split-keys}, in unsigned byte order,
   * without duplicates.
   */
  static List<byte[]> splitKeys(StorageUrl url) {
    TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
    int regions = url.intOption("regions", 1, 1, MAX_EVEN_REGIONS);
    for (int i = 1; i < regions; i++) {
      keys.add(new byte[] {(byte) (i * 256 / regions)});
    }
    String hex = url.options().get("split-keys");
    if (hex != null) {
      for (String part : hex.split(",", -1)) {
        String h = part.trim();
        if (h.isEmpty()) {
          throw new IllegalArgumentException("split-keys holds an empty key: " + hex);
        }
        try {
          keys.add(HexFormat.of().parseHex(h));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("split-keys must be hexadecimal keys separated by "
              + "commas, e.g. 61,6162: '" + h + "' in " + hex, e);
        }
      }
    }
    return List.copyOf(keys);
  }
}
