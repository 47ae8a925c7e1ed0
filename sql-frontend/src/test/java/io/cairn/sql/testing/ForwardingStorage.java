package io.cairn.sql.testing;

import io.cairn.kv.BeginOptions;
import io.cairn.kv.Client;
import io.cairn.kv.Oracle;
import io.cairn.kv.Snapshot;
import io.cairn.kv.SnapshotOptions;
import io.cairn.kv.Storage;
import io.cairn.kv.Transaction;
import java.util.Map;

/**
 * A storage that hands every call to another one: tests override the calls they observe or
 * change (the coprocessor client, runtime options, begun transactions). Closing it closes the
 * inner storage.
 */
public abstract class ForwardingStorage implements Storage {
  protected final Storage inner;

  protected ForwardingStorage(Storage inner) {
    this.inner = inner;
  }

  @Override
  public Transaction begin(BeginOptions options) {
    return inner.begin(options);
  }

  @Override
  public Snapshot snapshot(long ts, SnapshotOptions options) {
    return inner.snapshot(ts, options);
  }

  @Override
  public Oracle oracle() {
    return inner.oracle();
  }

  @Override
  public Client client() {
    return inner.client();
  }

  @Override
  public String describe() {
    return inner.describe();
  }

  @Override
  public void setOption(String name, String value) {
    inner.setOption(name, value);
  }

  @Override
  public Map<String, String> options() {
    return inner.options();
  }

  @Override
  public void close() {
    inner.close();
  }
}
