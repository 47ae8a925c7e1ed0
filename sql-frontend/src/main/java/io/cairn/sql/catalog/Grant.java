package io.cairn.sql.catalog;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The privileges an account holds on one object: everything ({@link Level#GLOBAL}, MySQL's
 * {@code *.*}), one database ({@code db.*}) or one table or view ({@code db.t}). Names are
 * kept in lower case, since Cairn compares database and table names ignoring case. Immutable.
 *
 * @param level what the grant covers
 * @param db the database; null for a global grant
 * @param table the table; null unless {@code level} is {@link Level#TABLE}
 * @param privileges the privileges, never null (an unmodifiable copy in {@link Privilege} order
 *     is kept)
 * @param grantOption whether the holder may grant these privileges to others
 */
public record Grant(Level level, String db, String table, Set<Privilege> privileges, boolean grantOption) {

  /** The three levels Cairn grants at. */
  public enum Level {
    GLOBAL,
    DATABASE,
    TABLE
  }

  public Grant {
    Objects.requireNonNull(level, "level");
    if ((level == Level.GLOBAL) != (db == null) || (level == Level.TABLE) != (table != null)) {
      throw new IllegalArgumentException("grant at " + level + " on " + db + "." + table);
    }
    db = db == null ? null : db.toLowerCase(Locale.ROOT);
    table = table == null ? null : table.toLowerCase(Locale.ROOT);
    EnumSet<Privilege> copy = EnumSet.noneOf(Privilege.class);
    copy.addAll(privileges);
    privileges = Collections.unmodifiableSet(copy);
  }

  /** Whether this grant covers the same object as {@code other}. */
  public boolean sameObject(Grant other) {
    return level == other.level && Objects.equals(db, other.db) && Objects.equals(table, other.table);
  }

  /** Whether the grant holds nothing (it is then not stored). */
  public boolean isEmpty() {
    return privileges.isEmpty() && !grantOption;
  }
}
