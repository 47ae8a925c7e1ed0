package io.cairn.storage.mvcc.reader;

import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.Keys;

/**
 * One result of a read: a raw user key with either its value or the error that kept it from
 * being read. {@code value} is null when the key has no visible value (point reads only),
 * or for key-only scans; {@code error} is null on success.
 */
public record KvEntry(byte[] key, byte[] value, KeyError error) {

  public boolean isError() {
    return error != null;
  }

  @Override
  public String toString() {
    return "KvEntry[" + Keys.hex(key) + (error != null ? " " + error : " = " + Keys.hex(value)) + "]";
  }
}
