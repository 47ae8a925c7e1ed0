package io.cairn.sql.table;

import io.cairn.sql.catalog.SqlError;
import io.cairn.sql.session.SqlException;

/**
 * Error 1062: a write would duplicate a unique key. Carries the handle of the row that already
 * holds the key, so INSERT ... ON DUPLICATE KEY UPDATE and REPLACE can find it.
 */
public final class DuplicateKeyException extends SqlException {

  private static final long serialVersionUID = 1L;

  private final String indexName;
  private final long existingHandle;

  /**
   * @param entry the duplicate values as MySQL prints them, e.g. {@code 1-a}
   * @param qualifiedIndexName {@code table.index}, e.g. {@code t.PRIMARY}
   */
  public DuplicateKeyException(String entry, String qualifiedIndexName, long existingHandle) {
    super(SqlError.DUP_ENTRY.errno(), SqlError.DUP_ENTRY.sqlState(),
        String.format("Duplicate entry '%s' for key '%s'", entry, qualifiedIndexName));
    this.indexName = qualifiedIndexName;
    this.existingHandle = existingHandle;
  }

  /** {@code table.index}. */
  public String indexName() {
    return indexName;
  }

  /** The handle of the row that holds the key. */
  public long existingHandle() {
    return existingHandle;
  }
}
