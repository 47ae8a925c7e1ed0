package io.cairn.storage.txn.actions;

import io.cairn.storage.mvcc.Keys;
import java.util.Objects;

/**
 * One key of a prewrite. {@code key} is a raw user key; {@code value} is set only for
 * {@link Op#PUT} and {@link Op#INSERT}.
 */
public record Mutation(Op op, byte[] key, byte[] value) {

  public enum Op {
    PUT,
    DELETE,
    /** A read lock: committed as a lock record, no data change. */
    LOCK,
    /** A put that fails with AlreadyExist when the key has a committed value. */
    INSERT,
    /** Only the AlreadyExist check; writes nothing. */
    CHECK_NOT_EXISTS
  }

  public Mutation {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(key, "key");
    if ((op == Op.PUT || op == Op.INSERT) != (value != null)) {
      throw new IllegalArgumentException(op + " mutation " + (value == null ? "needs" : "takes no") + " value");
    }
  }

  public static Mutation put(byte[] key, byte[] value) {
    return new Mutation(Op.PUT, key, value);
  }

  public static Mutation delete(byte[] key) {
    return new Mutation(Op.DELETE, key, null);
  }

  public static Mutation lock(byte[] key) {
    return new Mutation(Op.LOCK, key, null);
  }

  public static Mutation insert(byte[] key, byte[] value) {
    return new Mutation(Op.INSERT, key, value);
  }

  public static Mutation checkNotExists(byte[] key) {
    return new Mutation(Op.CHECK_NOT_EXISTS, key, null);
  }

  public boolean shouldNotExist() {
    return op == Op.INSERT || op == Op.CHECK_NOT_EXISTS;
  }

  @Override
  public String toString() {
    return op + " " + Keys.hex(key);
  }
}
