package io.cairn.sql.engine;

import io.cairn.coprocessor.exec.ValueBridge;
import io.cairn.sql.catalog.InfoSchema;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.exec.TableSource;
import io.cairn.sql.plan.TableResolver;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a statement's table names against one {@link InfoSchema}: stored tables become
 * {@link CatalogTableSource}s reading through the session's {@link StatementReads}, views
 * become {@link ViewTableSource}s, and {@code information_schema} tables are generated from the
 * catalog ({@link InformationSchema}). The DML target, when set, is resolved with its handle
 * column. Not thread-safe: one per statement.
 */
final class CatalogResolver implements TableResolver {
  static final String INFORMATION_SCHEMA = "information_schema";

  private final CairnSession session;
  private final InfoSchema schema;
  private final StatementReads reads;
  private final ValueBridge bridge;
  private final Set<Long> dmlTargets;
  private final Map<String, TableSource> resolved = new HashMap<>();
  private final int viewDepth;
  private final KeyConditions keyConditions;
  private final String defaultDb;

  /**
   * @param dmlTargets ids of the tables an UPDATE or DELETE writes, resolved with their handle
   *     column ({@link CatalogTableSource#HANDLE})
   * @param keyConditions the WHERE conditions of a single-table statement, for a key access path
   *     on that table ({@link AccessPath}), or null
   * @param defaultDb the database unqualified names are in, or null
   */
  CatalogResolver(CairnSession session, InfoSchema schema, StatementReads reads, ValueBridge bridge,
      Set<Long> dmlTargets, int viewDepth, KeyConditions keyConditions, String defaultDb) {
    this.keyConditions = keyConditions;
    this.defaultDb = defaultDb;
    this.session = session;
    this.schema = schema;
    this.reads = reads;
    this.bridge = bridge;
    this.dmlTargets = dmlTargets;
    this.viewDepth = viewDepth;
  }

  @Override
  public boolean hasDatabase(String db) {
    return db.equalsIgnoreCase(INFORMATION_SCHEMA) || schema.database(db).isPresent();
  }

  @Override
  public TableSource table(String db, String name) {
    String key = db.toLowerCase(Locale.ROOT) + "." + name.toLowerCase(Locale.ROOT);
    TableSource cached = resolved.get(key);
    if (cached == null) {
      cached = resolve(db, name);
      if (cached != null) {
        resolved.put(key, cached);
      }
    }
    return cached;
  }

  private TableSource resolve(String db, String name) {
    if (db.equalsIgnoreCase(INFORMATION_SCHEMA)) {
      return new InformationSchema(schema, session).table(name);
    }
    TableInfo t = schema.table(db, name).orElse(null);
    if (t == null) {
      return null;
    }
    String dbName = schema.databaseById(t.dbId()).orElseThrow().name();
    if (t.isView()) {
      if (viewDepth > 16) {
        throw new io.cairn.sql.session.SqlException(1462, "HY000",
            "`" + dbName + "`.`" + t.name() + "` contains view recursion");
      }
      return ViewTableSource.plan(session, schema, dbName, t, viewDepth + 1);
    }
    AccessPath access = null;
    if (keyConditions != null && isKeyTable(t)) {
      access = AccessPath.choose(t, keyConditions).orElse(null);
    }
    return new CatalogTableSource(dbName, t, reads, bridge, dmlTargets.contains(t.id()),
        access, () -> "ON".equals(session.variables().get("cairn_index_join")));
  }

  /** Whether {@code t} is the table the key conditions were found for. */
  private boolean isKeyTable(TableInfo t) {
    String db = keyConditions.database() != null ? keyConditions.database() : defaultDb;
    return db != null && schema.table(db, keyConditions.table()).map(x -> x.id() == t.id()).orElse(false);
  }
}
