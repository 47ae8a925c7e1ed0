package io.cairn.kv;

/**
 * A key that had to be absent (a unique index entry, a primary key) already exists. The SQL
 * layer supplies the readable entry and index name; the storage layer only knows the key.
 */
public class KeyExistsException extends KvException {

  private static final long serialVersionUID = 1L;

  private final Key key;

  /**
   * @param key the existing key
   * @param entry the duplicate value as the client should see it, e.g. {@code "1-a"}
   * @param indexName the index name as the client should see it, e.g. {@code "t.PRIMARY"}
   */
  public KeyExistsException(Key key, String entry, String indexName) {
    super(ErrorCode.KEY_EXISTS, entry, indexName);
    this.key = key;
  }

  /** A key-level error for callers that cannot name the entry; the key stands in for both. */
  public KeyExistsException(Key key) {
    this(key, key.toString(), "?");
  }

  public Key key() {
    return key;
  }
}
