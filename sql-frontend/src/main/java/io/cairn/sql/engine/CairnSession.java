package io.cairn.sql.engine;

import io.cairn.coprocessor.exec.ValueBridge;
import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.SqlMode;
import io.cairn.coprocessor.expr.Warning;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.kv.BeginOptions;
import io.cairn.kv.CopRequestType;
import io.cairn.kv.IsolationLevel;
import io.cairn.kv.ReadOnlyTransactionException;
import io.cairn.kv.ReplicaReadMode;
import io.cairn.kv.Retriever;
import io.cairn.kv.Transaction;
import io.cairn.sql.catalog.InfoSchema;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.exec.MemoryTracker;
import io.cairn.sql.parser.MySqlParser;
import io.cairn.sql.parser.ast.SqlAdminCheckTable;
import io.cairn.sql.parser.ast.SqlEndTransaction;
import io.cairn.sql.parser.ast.SqlExplainStatement;
import io.cairn.sql.parser.ast.SqlKill;
import io.cairn.sql.parser.ast.SqlLockingSelect;
import io.cairn.sql.parser.ast.SqlMySqlDelete;
import io.cairn.sql.parser.ast.SqlMySqlInsert;
import io.cairn.sql.parser.ast.SqlMySqlUpdate;
import io.cairn.sql.parser.ast.SqlMultiTableDelete;
import io.cairn.sql.parser.ast.SqlMultiTableUpdate;
import io.cairn.sql.parser.ast.SqlSetNames;
import io.cairn.sql.parser.ast.SqlSetTransaction;
import io.cairn.sql.parser.ast.SqlSetVariables;
import io.cairn.sql.parser.ast.SqlShow;
import io.cairn.sql.parser.ast.SqlStartTransaction;
import io.cairn.sql.parser.ast.SqlUseDatabase;
import io.cairn.sql.plan.PreparedQuery;
import io.cairn.sql.plan.QueryResult;
import io.cairn.sql.session.ColumnMetadata;
import io.cairn.sql.session.PreparedStatement;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SessionStateChange;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.session.SqlWarning;
import io.cairn.sql.session.StatementResult;
import io.cairn.sql.session.Temporal;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * A client connection's session over a {@link SqlEngine}: parses each statement and hands it
 * to the executor of its family (DDL, INSERT, UPDATE/DELETE, SELECT, SHOW, SET, transaction
 * control), inside the session's transaction ({@link TxnManager}). It keeps the current
 * database, the session and user variables, the warnings of the last statement, the values
 * LAST_INSERT_ID(), ROW_COUNT() and FOUND_ROWS() return, and the prepared statements.
 *
 * <p>Runs one statement at a time (not thread-safe) except {@link #cancel()}, which any thread
 * may call; the running statement then fails with 1317 at its next row batch.
 */
public final class CairnSession implements Session, StatementReads {
  private final SqlEngine engine;
  private final long connectionId;
  private final String user;
  private final String host;
  private final String accountHost;
  private final MySqlParser parser = new MySqlParser();
  private final SessionVariables variables;
  private final Map<String, Object> userVariables = new HashMap<>();
  private final TxnManager txn;
  private final Map<Integer, Prepared> prepared = new HashMap<>();
  private final TextPlanCache planCache;
  private final Instant connectedAt;
  private String database;
  private List<SqlWarning> warnings = List.of();
  private long lastInsertId;
  private long rowCount = -1;
  private long foundRows;
  private int nextStatementId = 1;
  private volatile boolean cancelled;
  private volatile boolean killed;
  private volatile boolean closed;
  /** Tracked state changes of the running (or last) statement, until the protocol takes them. */
  private final List<SessionStateChange> stateChanges = new ArrayList<>();
  private volatile String runningSql;
  private volatile Instant runningSince;

  CairnSession(SqlEngine engine, long connectionId, String user, String host) {
    this.engine = engine;
    this.connectionId = connectionId;
    this.user = user;
    this.host = host;
    // As in MySQL, the session is the account it authenticated as, even if a more specific
    // account of its user is created later.
    this.accountHost = engine.catalog().current().users().match(user, host).map(a -> a.host()).orElse(null);
    this.variables = new SessionVariables(engine.variables());
    this.txn = new TxnManager(engine.storage(), engine.catalog(), this::txnSettings);
    this.connectedAt = engine.config().clock().instant();
    this.planCache = new TextPlanCache(engine.config().planCacheSize());
  }

  /**
   * A statement prepared by {@link #prepare}, with its plan when it is a query and the AS OF
   * clauses taken out of its tree.
   */
  private record Prepared(PreparedStatement statement, SqlNode node, PreparedQuery query, long schemaVersion,
      AsOfClauses asOf) {}

  @Override
  public long connectionId() {
    return connectionId;
  }

  @Override
  public String user() {
    return user;
  }

  /** The client's host. */
  String host() {
    return host;
  }

  /** The host pattern of the account the session authenticated as, or null if none matched. */
  String accountHost() {
    return accountHost;
  }

  @Override
  public StatementResult execute(String sql) {
    return run(sql, () -> {
      if (sql.strip().replace(";", "").isBlank()) {
        throw new SqlException(1065, "42000", "Query was empty");
      }
      SqlNode node = parser.parse(sql);
      return dispatch(sql, node, AsOfClauses.strip(node), List.of());
    });
  }

  @Override
  public PreparedStatement prepare(String sql) {
    return run(sql, () -> {
      SqlNode node = parser.parse(sql);
      // Counted before the AS OF clauses, which may hold placeholders, leave the tree.
      int params = countParams(node);
      AsOfClauses asOf = AsOfClauses.strip(node);
      AccessChecker.of(this).check(node);
      int id = nextStatementId++;
      PreparedQuery query = null;
      List<ColumnMetadata> columns = List.of();
      long version = txn.schema().version();
      if (node.getKind().belongsTo(SqlKind.QUERY)) {
        query = planSelect(sql, txn.schema());
        columns = new ArrayList<>();
        List<FieldType> types = query.types();
        for (int i = 0; i < types.size(); i++) {
          columns.add(QueryResult.metadata(query.columnNames().get(i), types.get(i)));
        }
      }
      PreparedStatement ps = new PreparedStatement(id, sql, params, List.copyOf(columns));
      prepared.put(id, new Prepared(ps, node, query, version, asOf));
      return ps;
    });
  }

  @Override
  public StatementResult executePrepared(int statementId, List<Object> parameters,
      List<Boolean> unsignedParameters) {
    Prepared p = prepared.get(statementId);
    if (p == null) {
      throw new SqlException(1243, "HY000",
          "Unknown prepared statement handler (" + statementId + ") given to mysqld_stmt_execute");
    }
    List<Object> params = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      boolean unsigned = unsignedParameters != null && i < unsignedParameters.size()
          && Boolean.TRUE.equals(unsignedParameters.get(i));
      params.add(parameterValue(parameters.get(i), unsigned));
    }
    if (params.size() != p.statement().parameterCount()) {
      throw new SqlException(1210, "HY000", "Incorrect arguments to mysqld_stmt_execute");
    }
    return run(p.statement().sql(), () -> {
      if (p.query() != null) {
        AccessChecker.of(this).check(p.node());
        return runQuery(p, params);
      }
      SqlNode node = parser.parse(p.statement().sql());
      return dispatch(p.statement().sql(), node, AsOfClauses.strip(node), params);
    });
  }

  private StatementResult runQuery(Prepared p, List<Object> params) {
    return runRead(p.asOf(), params, lockingOf(p.node()), () -> {
      StatementResult direct = PointGetExecutor.tryRun(this, p.node(), params);
      if (direct != null) {
        return direct;
      }
      PreparedQuery q = p.query();
      InfoSchema is = txn.schema();
      if (is.version() != p.schemaVersion()) {
        q = planSelect(p.statement().sql(), is);
        prepared.put(p.statement().id(), new Prepared(p.statement(), p.node(), q, is.version(), p.asOf()));
      }
      return rows(q.execute(params, evalContext(false), memoryTracker()));
    });
  }

  @Override
  public void closePrepared(int statementId) {
    prepared.remove(statementId);
  }

  @Override
  public Optional<String> currentDatabase() {
    return Optional.ofNullable(database);
  }

  @Override
  public void useDatabase(String name) {
    InfoSchema is = txn.schema();
    if (name.equalsIgnoreCase(CatalogResolver.INFORMATION_SCHEMA)) {
      database = CatalogResolver.INFORMATION_SCHEMA;
    } else {
      String db = is.requireDatabase(name).name();
      if (!AccessChecker.of(this).canSeeDatabase(db)) {
        throw AccessChecker.of(this).databaseDenied(db);
      }
      database = db;
    }
    if ("ON".equals(variables.get("session_track_schema"))) {
      stateChanges.add(new SessionStateChange.Schema(database));
    }
  }

  @Override
  public List<SessionStateChange> takeStateChanges() {
    if (stateChanges.isEmpty()) {
      return List.of();
    }
    List<SessionStateChange> out = List.copyOf(stateChanges);
    stateChanges.clear();
    return out;
  }

  /**
   * Notes that the session value of {@code name} was set, for clients tracking it: when
   * {@code session_track_system_variables} is {@code *} or names it.
   */
  void systemVariableSet(String name) {
    String tracked = variables.get("session_track_system_variables");
    if (tracked == null || tracked.isBlank()) {
      return;
    }
    for (String t : tracked.split(",")) {
      String item = t.trim();
      if (item.equals("*") || item.equalsIgnoreCase(name)) {
        String v = variables.get(name);
        stateChanges.add(new SessionStateChange.SystemVariable(name, v == null ? "" : v));
        return;
      }
    }
  }

  @Override
  public Optional<String> systemVariable(String name) {
    if (SystemVariables.definition(name).isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(variables.get(name));
  }

  @Override
  public List<SqlWarning> warnings() {
    return warnings;
  }

  @Override
  public boolean inTransaction() {
    return txn.inTransaction();
  }

  @Override
  public boolean autocommit() {
    return "ON".equals(variables.get("autocommit"));
  }

  @Override
  public void cancel() {
    cancelled = true;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      txn.rollback();
    } finally {
      engine.registry().remove(this);
    }
  }

  // ---- the statement loop ----

  private <T> T run(String sql, java.util.function.Supplier<T> body) {
    if (closed) {
      throw new SqlException(2006, "HY000", "Session is closed");
    }
    if (killed) {
      close();
      throw interrupted();
    }
    cancelled = false;
    // Changes are handed out after the statement that made them; a client that does not track
    // them never takes them, so a new statement starts from none.
    stateChanges.clear();
    runningSql = sql;
    runningSince = engine.config().clock().instant();
    try {
      return body.get();
    } catch (RuntimeException e) {
      SqlException se = Errors.toSql(e);
      warnings = List.of(new SqlWarning("Error", se.errno(), se.getMessage()));
      throw se;
    } finally {
      runningSql = null;
      runningSince = null;
    }
  }

  private StatementResult dispatch(String sql, SqlNode node, AsOfClauses asOf, List<Object> params) {
    if (!(node instanceof SqlShow show && (show.kind() == SqlShow.Kind.WARNINGS
        || show.kind() == SqlShow.Kind.ERRORS))) {
      warnings = List.of();
    }
    AccessChecker.of(this).check(node);
    StatementResult r = dispatchStatement(sql, node, asOf, params);
    if (r instanceof StatementResult.Update u) {
      if (isDml(node)) {
        rowCount = u.affectedRows();
        if (u.lastInsertId() != 0) {
          lastInsertId = u.lastInsertId();
        }
      } else {
        rowCount = 0;
      }
    } else {
      rowCount = -1;
    }
    return r;
  }

  private static boolean isDml(SqlNode node) {
    return node instanceof SqlMySqlInsert || node instanceof SqlMySqlUpdate || node instanceof SqlMySqlDelete
        || node instanceof SqlMultiTableUpdate || node instanceof SqlMultiTableDelete;
  }

  private StatementResult dispatchStatement(String sql, SqlNode node, AsOfClauses asOf, List<Object> params) {
    if (asOf.unstripped() > 0 || !asOf.isEmpty() && !(node instanceof SqlLockingSelect
        || node instanceof SqlExplainStatement || node.getKind().belongsTo(SqlKind.QUERY))) {
      throw StaleReadTimestamps.asOfError("invalid as of timestamp: only a SELECT reads at a past time");
    }
    if (node instanceof SqlUseDatabase use) {
      useDatabase(use.database().getSimple());
      return StatementResult.Update.of(0);
    }
    if (node instanceof SqlShow show) {
      return new ShowExecutor(this).execute(show);
    }
    if (node instanceof SqlSetVariables set) {
      new SetExecutor(this).set(set, params);
      return StatementResult.Update.of(0);
    }
    if (node instanceof SqlSetNames names) {
      new SetExecutor(this).setNames(names);
      return StatementResult.Update.of(0);
    }
    if (node instanceof SqlSetTransaction st) {
      new SetExecutor(this).setTransaction(st, params);
      return StatementResult.Update.of(0);
    }
    if (node instanceof SqlStartTransaction start) {
      if (start.asOf() != null) {
        if (txn.hasNextReadTs()) {
          throw StaleReadTimestamps.asOfError(
              "start transaction read only as of is forbidden after set transaction read only as of");
        }
        txn.beginStale(StaleReadTimestamps.of(this, List.of(start.asOf()), params));
        return StatementResult.Update.of(0);
      }
      txn.begin(start.accessMode() == io.cairn.sql.parser.ast.AccessMode.READ_ONLY
          || "ON".equals(variables.get("transaction_read_only")));
      return StatementResult.Update.of(0);
    }
    if (node instanceof SqlEndTransaction end) {
      if (end.commit()) {
        txn.commit();
      } else {
        txn.rollback();
      }
      return StatementResult.Update.of(0);
    }
    if (UserExecutor.handles(node)) {
      if (UserExecutor.changes(node)) {
        txn.commit();
      }
      return new UserExecutor(this).execute(node);
    }
    if (DdlExecutor.handles(node)) {
      txn.commit();
      new DdlExecutor(this).execute(node);
      return StatementResult.Update.of(0);
    }
    if (node instanceof SqlMySqlInsert insert) {
      return txn.runStatement(autocommit(), TxnManager.Locking.WRITES, () -> new InsertExecutor(this, params).execute(insert));
    }
    if (node instanceof SqlMySqlUpdate update) {
      return txn.runStatement(autocommit(), TxnManager.Locking.WRITES, () -> new UpdateDeleteExecutor(this, params).update(update));
    }
    if (node instanceof SqlMySqlDelete delete) {
      return txn.runStatement(autocommit(), TxnManager.Locking.WRITES, () -> new UpdateDeleteExecutor(this, params).delete(delete));
    }
    if (node instanceof SqlMultiTableUpdate update) {
      return txn.runStatement(autocommit(), TxnManager.Locking.WRITES, () -> new MultiTableDmlExecutor(this, params).update(update));
    }
    if (node instanceof SqlMultiTableDelete delete) {
      return txn.runStatement(autocommit(), TxnManager.Locking.WRITES, () -> new MultiTableDmlExecutor(this, params).delete(delete));
    }
    if (node instanceof SqlExplainStatement explain) {
      return explain(explain, asOf, params);
    }
    if (node instanceof SqlKill kill) {
      kill(kill, params);
      return StatementResult.Update.of(0);
    }
    if (node instanceof SqlAdminCheckTable check) {
      return txn.runStatement(autocommit(), () -> new AdminExecutor(this).check(check));
    }
    if (node instanceof SqlLockingSelect || node.getKind().belongsTo(SqlKind.QUERY)) {
      return runRead(asOf, params, lockingOf(node), () -> {
        StatementResult direct = PointGetExecutor.tryRun(this, node, params);
        if (direct != null) {
          return direct;
        }
        if (params.isEmpty() && planCache.enabled() && !(node instanceof SqlLockingSelect)) {
          StatementResult cached = cachedSelect(sql);
          if (cached != null) {
            return cached;
          }
        }
        PreparedQuery q = planSelect(sql, txn.schema());
        return rows(q.execute(params, evalContext(false), memoryTracker()));
      });
    }
    throw Errors.notSupported(node.getKind().sql);
  }

  /**
   * Runs a statement that reads: in a stale transaction of its own when it has AS OF clauses,
   * or when {@code tidb_read_staleness} is set and it is a plain read in autocommit mode with no
   * transaction open (TiDB ignores the variable inside transactions); otherwise in the session's
   * transaction. The AS OF clauses follow TiDB's rules: not inside a transaction, not after SET
   * TRANSACTION ... AS OF, one time for every table, and no locking read.
   */
  private StatementResult runRead(AsOfClauses asOf, List<Object> params, TxnManager.Locking locking,
      java.util.function.Supplier<StatementResult> body) {
    if (!asOf.isEmpty()) {
      if (txn.inTransaction()) {
        throw StaleReadTimestamps.asOfError("as of timestamp can't be set in transaction.");
      }
      if (txn.hasNextReadTs()) {
        throw StaleReadTimestamps.asOfError("can't use select as of while already set transaction as of");
      }
      if (asOf.mixed()) {
        throw StaleReadTimestamps.asOfError("can not set different time in the as of");
      }
      if (locking != TxnManager.Locking.NONE) {
        throw new ReadOnlyTransactionException();
      }
      return txn.runStale(StaleReadTimestamps.of(this, asOf.timestamps(), params), body);
    }
    long staleness = Long.parseLong(variables.get("tidb_read_staleness"));
    if (staleness != 0 && locking == TxnManager.Locking.NONE && autocommit() && txn.current() == null
        && !txn.hasNextReadTs()) {
      return txn.runStale(engine.storage().oracle().getStaleTimestamp(BeginOptions.GLOBAL_TXN_SCOPE, -staleness),
          body);
    }
    return txn.runStatement(autocommit(), locking, body);
  }

  /** Parses a SELECT the session planned before, without its AS OF clauses. */
  private SqlNode parseQuery(String sql) {
    SqlNode node = parser.parse(sql);
    AsOfClauses.strip(node);
    return node;
  }

  /**
   * Runs a text SELECT through the plan cache: null when it cannot be parameterized, or depends
   * on session state, or its parameterized form does not plan (the caller then plans the
   * original text).
   */
  private StatementResult cachedSelect(String sql) {
    InfoSchema is = txn.schema();
    TextPlanCache.Parameterized p = TextPlanCache.parameterize(parseQuery(sql), database, is.version());
    if (p == null) {
      return null;
    }
    PreparedQuery q = planCache.get(p.key());
    if (q != null) {
      return rows(q.execute(p.values(), evalContext(false), memoryTracker()));
    }
    SessionRewriter rewriter = new SessionRewriter(this);
    SqlNode query = p.query().accept(rewriter);
    if (rewriter.replacedAny()) {
      return null;
    }
    QueryResult result;
    try {
      q = prepareQuery(sql, parseQuery(sql), query, is, database, Set.of(), 0);
      result = q.execute(p.values(), evalContext(false), memoryTracker());
    } catch (RuntimeException e) {
      // Not every literal can be a parameter (a LIKE pattern, for one): plan the text itself,
      // which also reports a genuine error as the statement's own. A SELECT has no effects.
      return null;
    }
    planCache.put(p.key(), q);
    return rows(result);
  }

  /** Plans the SELECT (or locking SELECT) in {@code sql} with the session's values bound. */
  private PreparedQuery planSelect(String sql, InfoSchema is) {
    SqlNode parsed = parseQuery(sql);
    SqlNode labels = unwrapLocking(parsed);
    SqlNode query = unwrapLocking(parseQuery(sql)).accept(new SessionRewriter(this));
    KeyConditions kc = AccessPathAnalyzer.analyze(query);
    if (kc != null && parsed instanceof SqlLockingSelect) {
      kc = kc.rowsRequired();
    }
    return prepareQuery(sql, labels, query, is, database, Set.of(), 0, kc);
  }

  /**
   * How a query locks: {@code FOR UPDATE} locks the rows it reads. {@code FOR SHARE} and
   * {@code LOCK IN SHARE MODE} take the same exclusive locks (the storage has no shared lock):
   * stricter than MySQL, never weaker. {@code SKIP LOCKED} is refused.
   */
  private static TxnManager.Locking lockingOf(SqlNode node) {
    if (!(node instanceof SqlLockingSelect l)) {
      return TxnManager.Locking.NONE;
    }
    return switch (l.waitPolicy()) {
      case WAIT -> TxnManager.Locking.READS;
      case NOWAIT -> TxnManager.Locking.READS_NOWAIT;
      case SKIP_LOCKED -> throw Errors.notSupported("SKIP LOCKED");
    };
  }

  /** The transaction settings of the session's variables, read when a transaction begins. */
  private TxnManager.Settings txnSettings() {
    boolean pessimistic = !"optimistic".equals(variables.get("tidb_txn_mode"));
    IsolationLevel isolation = "READ-COMMITTED".equals(variables.get("transaction_isolation"))
        ? IsolationLevel.READ_COMMITTED : IsolationLevel.REPEATABLE_READ;
    long seconds = Long.parseLong(variables.get("innodb_lock_wait_timeout"));
    return new TxnManager.Settings(pessimistic, isolation, java.time.Duration.ofSeconds(seconds),
        replicaRead(variables.get("tidb_replica_read")));
  }

  /** The storage's replica-read mode for a value of {@code tidb_replica_read}. */
  private static ReplicaReadMode replicaRead(String value) {
    return switch (value) {
      case "leader" -> ReplicaReadMode.LEADER;
      case "follower" -> ReplicaReadMode.FOLLOWER;
      case "leader-and-follower" -> ReplicaReadMode.LEADER_AND_FOLLOWER;
      // TiDB's closest-adaptive turns closest-replicas on for large reads only; Cairn does not
      // measure response sizes, so it always reads from the closest replicas.
      case "closest-replicas", "closest-adaptive" -> ReplicaReadMode.CLOSEST;
      default -> throw new IllegalStateException("tidb_replica_read = " + value);
    };
  }

  private static SqlNode unwrapLocking(SqlNode node) {
    return node instanceof SqlLockingSelect l ? l.query() : node;
  }

  private StatementResult explain(SqlExplainStatement explain, AsOfClauses asOf, List<Object> params) {
    SqlNode inner = explain.statement();
    if (!inner.getKind().belongsTo(SqlKind.QUERY) && !(inner instanceof SqlLockingSelect)) {
      throw Errors.notSupported("EXPLAIN of " + inner.getKind().sql);
    }
    if (explain.analyze()) {
      throw Errors.notSupported("EXPLAIN ANALYZE");
    }
    String innerSql = MySqlParser.unparse(unwrapLocking(inner));
    return runRead(asOf, params, TxnManager.Locking.NONE, () -> {
      PreparedQuery q = planSelect(innerSql, txn.schema());
      List<Object[]> lines = new ArrayList<>();
      for (String line : q.explain().split("\n")) {
        lines.add(new Object[] {line});
      }
      return ResultSets.strings(List.of("plan"), lines);
    });
  }

  private void kill(SqlKill kill, List<Object> params) {
    Object id = Literals.valueOf(kill.connectionId(), params);
    if (!(id instanceof Long target)) {
      throw new SqlException(1094, "HY000", "Unknown thread id: " + id);
    }
    CairnSession s = engine.registry().get(target)
        .orElseThrow(() -> new SqlException(1094, "HY000", "Unknown thread id: " + target));
    if (!AccessChecker.of(this).canKillSessionOf(s.user())) {
      throw new SqlException(1095, "HY000", "You are not owner of thread " + target);
    }
    if (kill.queryOnly()) {
      s.cancel();
    } else if (s == this) {
      killed = true;
    } else {
      s.killed = true;
      s.cancel();
    }
  }

  // ---- what executors use ----

  SqlEngine engine() {
    return engine;
  }

  MySqlParser parser() {
    return parser;
  }

  TxnManager txn() {
    return txn;
  }

  SessionVariables variables() {
    return variables;
  }

  Map<String, Object> userVariables() {
    return userVariables;
  }

  /** The current database, or null. */
  String database() {
    return database;
  }

  /** Forgets the current database (after it was dropped). */
  void clearDatabase() {
    database = null;
  }

  /** The current database, or error 1046. */
  String requireDatabase() {
    if (database == null) {
      throw Errors.noDatabaseSelected();
    }
    return database;
  }

  /** The database a possibly qualified name {@code [db.]name} is in. */
  String databaseOf(SqlIdentifier id) {
    return id.names.size() > 1 ? id.names.get(0) : requireDatabase();
  }

  static String nameOf(SqlIdentifier id) {
    return id.names.get(id.names.size() - 1);
  }

  long lastInsertId() {
    return lastInsertId;
  }

  long rowCount() {
    return rowCount;
  }

  long foundRows() {
    return foundRows;
  }

  void setWarnings(List<SqlWarning> w) {
    warnings = List.copyOf(w);
  }

  List<CairnSession> engineSessions() {
    return engine.registry().all();
  }

  /** One PROCESSLIST row: Id, User, Host, db, Command, Time, State, Info. */
  Object[] processInfo() {
    String sql = runningSql;
    Instant since = runningSince;
    Instant now = engine.config().clock().instant();
    long seconds = java.time.Duration.between(since != null ? since : connectedAt, now).toSeconds();
    return new Object[] {connectionId, user, host, database, sql != null ? "Query" : "Sleep",
        seconds, sql != null ? "autocommit" : "", sql};
  }

  @Override
  public Retriever retriever() {
    Retriever r = txn.current();
    if (r == null) {
      throw new IllegalStateException("no statement transaction");
    }
    return r;
  }

  @Override
  public boolean pushdownCapable() {
    return engine.storage().client().supports(CopRequestType.DAG);
  }

  @Override
  public StatementReads.Pushdown pushdown() {
    if (!"ON".equals(variables.get("cairn_coprocessor_pushdown")) || !pushdownCapable()) {
      return null;
    }
    Transaction t = txn.plainReads();
    if (t == null || t.options().isolation() == IsolationLevel.READ_COMMITTED) {
      return null;
    }
    int concurrency = (int) Math.max(1, Math.min(256, Long.parseLong(variables.get("tidb_distsql_scan_concurrency"))));
    return new StatementReads.Pushdown(engine.storage().client(), t, concurrency);
  }

  @Override
  public void checkCancelled() {
    if (cancelled) {
      throw interrupted();
    }
  }

  private static SqlException interrupted() {
    return new SqlException(1317, "70100", "Query execution was interrupted");
  }

  ZoneId timeZone() {
    String tz = variables.get("time_zone");
    if (tz == null || tz.equalsIgnoreCase("SYSTEM")) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(tz);
    } catch (java.time.DateTimeException e) {
      throw new SqlException(1298, "HY000", "Unknown or incorrect time zone: '" + tz + "'");
    }
  }

  ValueBridge bridge() {
    return new ValueBridge(timeZone());
  }

  Set<SqlMode> sqlModes() {
    Set<SqlMode> modes = EnumSet.noneOf(SqlMode.class);
    String v = variables.get("sql_mode");
    if (v != null) {
      for (String m : v.split(",")) {
        try {
          modes.add(SqlMode.valueOf(m.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException ignored) {
          // Modes the evaluator does not consult (ONLY_FULL_GROUP_BY, ...) change nothing here.
        }
      }
    }
    return modes;
  }

  boolean strict() {
    Set<SqlMode> m = sqlModes();
    return m.contains(SqlMode.STRICT_TRANS_TABLES) || m.contains(SqlMode.STRICT_ALL_TABLES);
  }

  /** A fresh tracker of one query's memory against {@code tidb_mem_quota_query}. */
  MemoryTracker memoryTracker() {
    return new MemoryTracker(Long.parseLong(variables.get("tidb_mem_quota_query")), connectionId);
  }

  /** A fresh evaluation context for one statement. */
  EvalContext evalContext(boolean writesRows) {
    return new EvalContext(sqlModes(), writesRows, timeZone(), engine.config().clock());
  }

  Clock clock() {
    return engine.config().clock();
  }

  /**
   * Plans a query over the catalog version {@code is}, with {@code defaultDb} for unqualified
   * names and the tables of {@code dmlTargets} (ids) resolved with their handle column.
   */
  PreparedQuery prepareQuery(String sql, SqlNode labels, SqlNode query, InfoSchema is, String defaultDb,
      Set<Long> dmlTargets, int viewDepth) {
    return prepareQuery(sql, labels, query, is, defaultDb, dmlTargets, viewDepth, AccessPathAnalyzer.analyze(query));
  }

  private PreparedQuery prepareQuery(String sql, SqlNode labels, SqlNode query, InfoSchema is, String defaultDb,
      Set<Long> dmlTargets, int viewDepth, KeyConditions keyConditions) {
    CatalogResolver resolver = new CatalogResolver(this, is, this, bridge(), dmlTargets, viewDepth,
        keyConditions, defaultDb);
    try {
      return engine.queries().prepare(sql, labels, query, resolver, defaultDb);
    } catch (SqlException e) {
      if (e.errno() == 1146 && defaultDb == null && e.getMessage().indexOf('.') < 0) {
        throw Errors.noDatabaseSelected();
      }
      if (e.errno() == 1146 && e.getMessage().indexOf('.') < 0) {
        String t = e.getMessage().substring("Table '".length(), e.getMessage().indexOf('\'', "Table '".length()));
        throw new SqlException(1146, "42S02", "Table '" + defaultDb + "." + t + "' doesn't exist", e);
      }
      throw e;
    }
  }

  /** A result set over a query's rows; the query's warnings become the statement's. */
  StatementResult rows(QueryResult r) {
    List<SqlWarning> w = new ArrayList<>();
    for (Warning x : r.warnings()) {
      w.add(warning(x));
    }
    warnings = List.copyOf(w);
    foundRows = r.rows().size();
    return new QueryRows(r, w.size());
  }

  static SqlWarning warning(Warning w) {
    String level = switch (w.level()) {
      case NOTE -> "Note";
      case WARNING -> "Warning";
      case ERROR -> "Error";
    };
    return new SqlWarning(level, w.code(), w.message());
  }

  private static int countParams(SqlNode node) {
    int[] n = {0};
    node.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlDynamicParam param) {
        n[0] = Math.max(n[0], param.getIndex() + 1);
        return null;
      }
    });
    return n[0];
  }

  /** A protocol parameter value as an evaluator value. */
  private static Object parameterValue(Object v, boolean unsigned) {
    if (v == null || v instanceof Double || v instanceof BigDecimal) {
      return v;
    }
    if (v instanceof Long l) {
      return unsigned && l < 0 ? new BigDecimal(Long.toUnsignedString(l)) : l;
    }
    if (v instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Temporal t) {
      boolean isTime = t.year() == 0 && t.month() == 0 && t.day() == 0
          && (t.hour() != 0 || t.minute() != 0 || t.second() != 0 || t.microsecond() != 0 || t.negative());
      if (isTime) {
        return io.cairn.coprocessor.expr.value.MysqlDuration.of(t.negative(), t.hour(), t.minute(),
            t.second(), t.microsecond(), t.microsecond() != 0 ? 6 : 0);
      }
      return new io.cairn.coprocessor.expr.value.MysqlTime(t.year(), t.month(), t.day(), t.hour(),
          t.minute(), t.second(), t.microsecond(), io.cairn.coprocessor.expr.types.MysqlType.DATETIME,
          t.microsecond() != 0 ? 6 : 0);
    }
    throw new SqlException(1210, "HY000", "Incorrect arguments to mysqld_stmt_execute: "
        + v.getClass().getSimpleName());
  }
}
