package io.cairn.storage.raft;

import io.cairn.storage.engine.ColumnFamily;
import java.util.Objects;

/** One operation of a {@link RaftCommand}, applied in order to an engine write batch. */
public sealed interface Mutation {

  ColumnFamily cf();

  record Put(ColumnFamily cf, byte[] key, byte[] value) implements Mutation {
    public Put {
      Objects.requireNonNull(cf, "cf");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  record Delete(ColumnFamily cf, byte[] key) implements Mutation {
    public Delete {
      Objects.requireNonNull(cf, "cf");
      Objects.requireNonNull(key, "key");
    }
  }

  /** Deletes {@code [start, end)} of {@code cf}. */
  record DeleteRange(ColumnFamily cf, byte[] start, byte[] end) implements Mutation {
    public DeleteRange {
      Objects.requireNonNull(cf, "cf");
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
    }
  }
}
