package io.cairn.sql.engine;

import io.cairn.kv.Storage;
import io.cairn.sql.catalog.AutoIdAllocator;
import io.cairn.sql.catalog.Catalog;
import io.cairn.sql.catalog.UserChanges;
import io.cairn.sql.ddl.Ddl;
import io.cairn.sql.plan.QueryEngine;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SessionFactory;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.table.TableWriter;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The SQL engine over one {@link Storage}: what the MySQL protocol server uses as its {@link
 * SessionFactory}. {@link #open(Storage)} loads the catalog and finishes DDL work a crash left
 * behind (interrupted index builds, pending range deletes); every session shares the engine's
 * catalog, DDL runner, auto-id allocator, query engine, global variables and session registry.
 *
 * <p>Accounts and their grants live in the catalog ({@link Accounts}, {@link UserChanges});
 * a fresh store gets {@code root}@{@code %} without a password and with every privilege.
 *
 * <p>Thread-safe. {@link #close()} closes the sessions still open but not the storage, which
 * the caller owns.
 */
public final class SqlEngine implements SessionFactory, AutoCloseable {
  private final Storage storage;
  private final EngineConfig config;
  private final Catalog catalog;
  private final AutoIdAllocator ids;
  private final Ddl ddl;
  private final TableWriter writer;
  private final QueryEngine queries = new QueryEngine();
  private final SystemVariables variables = new SystemVariables();
  private final SessionRegistry registry = new SessionRegistry();
  private final Accounts accounts;
  private final UserChanges userChanges;
  private final SecureRandom random = new SecureRandom();
  private volatile boolean closed;

  private SqlEngine(Storage storage, EngineConfig config) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.config = Objects.requireNonNull(config, "config");
    this.catalog = new Catalog(storage);
    this.ids = new AutoIdAllocator(storage, config.autoIdStep());
    this.ddl = new Ddl(catalog, ids, config.backfillBatchSize(), config.deleteBatchSize());
    this.writer = new TableWriter(ids);
    this.accounts = new Accounts(catalog);
    this.userChanges = new UserChanges(catalog);
    for (Map.Entry<String, String> o : storage.options().entrySet()) {
      if (SystemVariables.STORAGE_OPTIONS.contains(o.getKey())) {
        variables.setGlobal(o.getKey(), storageValue(o.getKey(), o.getValue()));
      }
    }
  }

  /** A storage option's value as the variable shows it (booleans as ON/OFF). */
  private static String storageValue(String name, String value) {
    if (SystemVariables.require(name).kind() != SystemVariables.Kind.BOOL) {
      return value;
    }
    return switch (value.toUpperCase(java.util.Locale.ROOT)) {
      case "ON", "1", "TRUE" -> "ON";
      default -> "OFF";
    };
  }

  /** An engine with the default configuration. */
  public static SqlEngine open(Storage storage) {
    return open(storage, EngineConfig.DEFAULT);
  }

  public static SqlEngine open(Storage storage, EngineConfig config) {
    SqlEngine engine = new SqlEngine(storage, config);
    engine.catalog.refresh();
    engine.userChanges.bootstrap();
    engine.ddl.rollBackInterruptedIndexes();
    engine.ddl.resumePendingDeletes();
    return engine;
  }

  @Override
  public Optional<Account> findAccount(String user, String host) {
    return accounts.find(user, host);
  }

  @Override
  public Session open(long connectionId, String user, String host, String database,
      Map<String, String> attributes) {
    if (closed) {
      throw new SqlException(1053, "08S01", "Server shutdown in progress");
    }
    CairnSession s = new CairnSession(this, connectionId, user, host == null ? "" : host);
    if (database != null && !database.isEmpty()) {
      s.useDatabase(database);
    }
    registry.add(s);
    return s;
  }

  /** Closes the sessions still open; the storage stays open. Idempotent. */
  @Override
  public void close() {
    closed = true;
    for (CairnSession s : registry.all()) {
      s.close();
    }
  }

  Storage storage() {
    return storage;
  }

  EngineConfig config() {
    return config;
  }

  Catalog catalog() {
    return catalog;
  }

  Ddl ddl() {
    return ddl;
  }

  TableWriter writer() {
    return writer;
  }

  QueryEngine queries() {
    return queries;
  }

  SystemVariables variables() {
    return variables;
  }

  SessionRegistry registry() {
    return registry;
  }

  UserChanges userChanges() {
    return userChanges;
  }

  SecureRandom random() {
    return random;
  }
}
