package io.cairn.storage.txn;

import io.cairn.storage.mvcc.KeyError;
import java.util.List;

/**
 * The answer to a pessimistic lock request: all keys locked ({@code error} null, and
 * {@code values} in key order when asked, null for absent keys), or none locked and the error.
 */
public record PessimisticLockResult(List<byte[]> values, KeyError error) {
  public boolean isOk() {
    return error == null;
  }
}
