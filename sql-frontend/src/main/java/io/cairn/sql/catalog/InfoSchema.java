package io.cairn.sql.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of the catalog at one schema version: databases and their tables and
 * views, and the accounts with their grants ({@link #users()}). Names are looked up case-insensitively, as TiDB does ({@code
 * lower_case_table_names = 2} behaviour: stored as written, compared ignoring case).
 *
 * <p>Thread-safe. A statement resolves every name against one {@code InfoSchema} and remembers
 * its {@link #version()} for the commit-time schema check ({@link Catalog#checkSchema}).
 */
public final class InfoSchema {

  private final long version;
  private final Map<String, DatabaseInfo> databases = new HashMap<>();
  private final Map<Long, DatabaseInfo> databasesById = new HashMap<>();
  private final Map<Long, Map<String, TableInfo>> tablesByDb = new HashMap<>();
  private final Map<Long, TableInfo> tablesById = new HashMap<>();
  private final UserTable users;

  /** A catalog without accounts. */
  public InfoSchema(long version, Collection<DatabaseInfo> dbs, Collection<TableInfo> tables) {
    this(version, dbs, tables, UserTable.empty());
  }

  public InfoSchema(long version, Collection<DatabaseInfo> dbs, Collection<TableInfo> tables,
      UserTable users) {
    this.version = version;
    this.users = users;
    for (DatabaseInfo db : dbs) {
      databases.put(lower(db.name()), db);
      databasesById.put(db.id(), db);
      tablesByDb.put(db.id(), new HashMap<>());
    }
    for (TableInfo t : tables) {
      Map<String, TableInfo> byName = tablesByDb.get(t.dbId());
      if (byName == null) {
        throw new IllegalStateException("table " + t.name() + " in unknown database " + t.dbId());
      }
      byName.put(lower(t.name()), t);
      tablesById.put(t.id(), t);
    }
  }

  /** The empty catalog of a fresh store. */
  public static InfoSchema empty() {
    return new InfoSchema(0, List.of(), List.of());
  }

  public long version() {
    return version;
  }

  /** The accounts and their grants. */
  public UserTable users() {
    return users;
  }

  public Optional<DatabaseInfo> database(String name) {
    return Optional.ofNullable(databases.get(lower(name)));
  }

  public Optional<DatabaseInfo> databaseById(long id) {
    return Optional.ofNullable(databasesById.get(id));
  }

  /** Every database, by name. */
  public List<DatabaseInfo> databases() {
    List<DatabaseInfo> out = new ArrayList<>(databases.values());
    out.sort(Comparator.comparing(DatabaseInfo::name));
    return out;
  }

  /** A table or view of database {@code db}. */
  public Optional<TableInfo> table(String db, String name) {
    DatabaseInfo d = databases.get(lower(db));
    if (d == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(tablesByDb.get(d.id()).get(lower(name)));
  }

  public Optional<TableInfo> tableById(long id) {
    return Optional.ofNullable(tablesById.get(id));
  }

  /** The tables and views of database {@code db}, by name; empty for an unknown database. */
  public List<TableInfo> tables(String db) {
    DatabaseInfo d = databases.get(lower(db));
    if (d == null) {
      return List.of();
    }
    List<TableInfo> out = new ArrayList<>(tablesByDb.get(d.id()).values());
    out.sort(Comparator.comparing(TableInfo::name));
    return out;
  }

  /** A table that must exist (1146 otherwise; 1049 for an unknown database). */
  public TableInfo requireTable(String db, String name) {
    if (database(db).isEmpty()) {
      throw SqlError.BAD_DB.exception(db);
    }
    return table(db, name).orElseThrow(() -> SqlError.NO_SUCH_TABLE.exception(db, name));
  }

  public DatabaseInfo requireDatabase(String db) {
    return database(db).orElseThrow(() -> SqlError.BAD_DB.exception(db));
  }

  static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "InfoSchema[version " + version + ", " + databases.size() + " databases, "
        + tablesById.size() + " tables]";
  }
}
