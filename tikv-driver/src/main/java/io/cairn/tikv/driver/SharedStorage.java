package io.cairn.tikv.driver;

import io.cairn.kv.BeginOptions;
import io.cairn.kv.Client;
import io.cairn.kv.Oracle;
import io.cairn.kv.Snapshot;
import io.cairn.kv.SnapshotOptions;
import io.cairn.kv.Storage;
import io.cairn.kv.StorageMetric;
import io.cairn.kv.Transaction;
import java.util.List;
import java.util.Map;

/**
 * A storage handed out by a {@link StoreCache}: the built storage, whose {@link #close()}
 * gives back one reference and closes the storage and its resources with the last.
 * Thread-safe.
 */
final class SharedStorage implements Storage {

  private final StoreCache cache;
  final String key;
  private final StoreCache.Built built;
  int references = 1; // guarded by the cache

  SharedStorage(StoreCache cache, String key, StoreCache.Built built) {
    this.cache = cache;
    this.key = key;
    this.built = built;
  }

  /** The storage this one hands calls to (tests reach the driver's machinery through it). */
  Storage delegate() {
    return built.storage();
  }

  /** What is closed after the storage (the in-process cluster), or null. */
  AutoCloseable resources() {
    return built.resources();
  }

  @Override
  public Transaction begin(BeginOptions options) {
    return built.storage().begin(options);
  }

  @Override
  public Snapshot snapshot(long ts, SnapshotOptions options) {
    return built.storage().snapshot(ts, options);
  }

  @Override
  public Oracle oracle() {
    return built.storage().oracle();
  }

  @Override
  public Client client() {
    return built.storage().client();
  }

  @Override
  public String describe() {
    return built.storage().describe();
  }

  @Override
  public List<StorageMetric> metrics() {
    return built.storage().metrics();
  }

  @Override
  public void setOption(String name, String value) {
    built.storage().setOption(name, value);
  }

  @Override
  public Map<String, String> options() {
    return built.storage().options();
  }

  @Override
  public void close() {
    if (cache.release(this)) {
      StoreCache.closeBuilt(built);
    }
  }
}
