package io.cairn.kv;

/**
 * Opens storages of one kind, named by the URL scheme it serves (TiDB's {@code kv.Driver}).
 * Drivers are found by {@link DriverRegistry} through {@link java.util.ServiceLoader}: list the
 * implementation in {@code META-INF/services/io.cairn.kv.Driver}; it needs a public no-argument
 * constructor; drivers built that way share one store cache per process. Thread-safe.
 */
public interface Driver {

  /** The URL scheme this driver opens, lower case, without {@code "://"}, e.g. {@code "tikv"}. */
  String scheme();

  /**
   * Opens the storage at {@code url} (whose scheme is {@link #scheme()}), through the driver's
   * store cache (TiDB's): while a storage for the same normalized URL is open in this process,
   * the call returns that same instance and counts one more reference; otherwise it builds a
   * new one. The caller closes what it got once: each {@link Storage#close()} gives back one
   * reference, the last one releases everything the storage holds, and closes after that do
   * nothing. A driver may document URLs that are never shared (e.g. an anonymous in-memory
   * store). When building fails, whatever was built is closed before the exception leaves.
   *
   * @throws IllegalArgumentException if the URL is malformed for this driver
   * @throws KvException if the storage cannot be reached
   */
  Storage open(String url);
}
