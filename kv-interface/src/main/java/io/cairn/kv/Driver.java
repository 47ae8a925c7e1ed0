package io.cairn.kv;

/**
 * Opens storages of one kind, named by the URL scheme it serves (TiDB's {@code kv.Driver}).
 * Drivers are found by {@link DriverRegistry} through {@link java.util.ServiceLoader}: list the
 * implementation in {@code META-INF/services/io.cairn.kv.Driver}; it needs a public no-argument
 * constructor. Thread-safe.
 */
public interface Driver {

  /** The URL scheme this driver opens, lower case, without {@code "://"}, e.g. {@code "tikv"}. */
  String scheme();

  /**
   * Opens the storage at {@code url} (whose scheme is {@link #scheme()}). The caller owns the
   * result and closes it. Each call opens a new storage.
   *
   * @throws IllegalArgumentException if the URL is malformed for this driver
   * @throws KvException if the storage cannot be reached
   */
  Storage open(String url);
}
