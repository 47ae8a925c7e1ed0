package io.cairn.pd.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An ordered list of puts and deletes that a {@link MetaStore} applies atomically. Not
 * thread-safe; build it on one thread and hand it to {@link MetaStore#write}.
 */
public final class WriteBatch {

  /** One operation; {@code value} is {@code null} for a delete. */
  public record Op(String key, byte[] value) {
    public Op {
      Objects.requireNonNull(key, "key");
    }

    public boolean isDelete() {
      return value == null;
    }
  }

  private final List<Op> ops = new ArrayList<>();

  public WriteBatch put(String key, byte[] value) {
    ops.add(new Op(key, Objects.requireNonNull(value, "value").clone()));
    return this;
  }

  public WriteBatch delete(String key) {
    ops.add(new Op(key, null));
    return this;
  }

  public List<Op> ops() {
    return List.copyOf(ops);
  }

  public boolean isEmpty() {
    return ops.isEmpty();
  }
}
