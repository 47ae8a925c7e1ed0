package io.cairn.sql.catalog;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The privileges Cairn grants and checks, in the order MySQL lists them in {@code SHOW
 * GRANTS}. Most apply at every level (global, database, table); {@link #PROCESS}, {@link
 * #SUPER} and {@link #CREATE_USER} exist only at the global level, as in MySQL. GRANT OPTION is
 * not a member: it is a flag of each grant ({@link Grant#grantOption()}).
 */
public enum Privilege {
  SELECT("SELECT", false),
  INSERT("INSERT", false),
  UPDATE("UPDATE", false),
  DELETE("DELETE", false),
  CREATE("CREATE", false),
  DROP("DROP", false),
  PROCESS("PROCESS", true),
  INDEX("INDEX", false),
  ALTER("ALTER", false),
  SUPER("SUPER", true),
  CREATE_USER("CREATE USER", true);

  private final String sql;
  private final boolean globalOnly;

  Privilege(String sql, boolean globalOnly) {
    this.sql = sql;
    this.globalOnly = globalOnly;
  }

  /** The name MySQL writes, e.g. {@code CREATE USER}. */
  public String sql() {
    return sql;
  }

  /** Whether the privilege can be granted at {@code level}. */
  public boolean validAt(Grant.Level level) {
    return level == Grant.Level.GLOBAL || !globalOnly;
  }

  /** What {@code ALL [PRIVILEGES]} means at {@code level}. */
  public static Set<Privilege> allAt(Grant.Level level) {
    EnumSet<Privilege> out = EnumSet.noneOf(Privilege.class);
    for (Privilege p : values()) {
      if (p.validAt(level)) {
        out.add(p);
      }
    }
    return out;
  }

  /** The privilege MySQL names {@code sql} (case-insensitive, single spaces), if Cairn has it. */
  public static Optional<Privilege> ofSql(String sql) {
    String s = sql.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    for (Privilege p : values()) {
      if (p.sql.equals(s)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
