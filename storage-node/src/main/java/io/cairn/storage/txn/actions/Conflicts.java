package io.cairn.storage.txn.actions;

import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.KeyErrorException;
import io.cairn.storage.mvcc.reader.MvccReader;
import io.cairn.storage.mvcc.reader.VersionedWrite;
import io.cairn.storage.mvcc.WriteType;

/** Checks shared by prewrite and pessimistic locking. */
final class Conflicts {
  private Conflicts() {}

  /** AlreadyExist when the newest committed data of {@code key} (at any ts) is a put. */
  static void checkNotExists(MvccReader reader, byte[] encodedKey, byte[] userKey) {
    VersionedWrite w = reader.seekDataWrite(encodedKey, Long.MAX_VALUE);
    if (w != null && w.write().type() == WriteType.PUT) {
      throw new KeyErrorException(new KeyError.AlreadyExist(userKey));
    }
  }

  static KeyErrorException error(KeyError e) {
    return new KeyErrorException(e);
  }
}
