package io.cairn.sql.catalog;

/**
 * The states of a schema object during an online change (F1's protocol, TiDB's
 * {@code model.SchemaState}). An index being added goes DELETE_ONLY → WRITE_ONLY →
 * WRITE_REORG → PUBLIC; each step is one schema version.
 *
 * <ul>
 *   <li>DELETE_ONLY: writers delete the object's entries when they delete or change a row, but
 *       add none;
 *   <li>WRITE_ONLY: writers maintain the object fully (and check uniqueness);
 *   <li>WRITE_REORG: as WRITE_ONLY while existing rows are backfilled;
 *   <li>PUBLIC: complete; queries may read it.
 * </ul>
 */
public enum SchemaState {
  DELETE_ONLY,
  WRITE_ONLY,
  WRITE_REORG,
  PUBLIC;

  /** Writers add entries for new or changed rows. */
  public boolean isWritable() {
    return this != DELETE_ONLY;
  }

  /** Queries may read it. */
  public boolean isReadable() {
    return this == PUBLIC;
  }
}
