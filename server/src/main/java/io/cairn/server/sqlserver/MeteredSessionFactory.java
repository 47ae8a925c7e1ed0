package io.cairn.server.sqlserver;

import io.cairn.sql.session.ColumnMetadata;
import io.cairn.sql.session.PreparedStatement;
import io.cairn.sql.session.ResultRow;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SessionFactory;
import io.cairn.sql.session.SqlWarning;
import io.cairn.sql.session.StatementResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link SessionFactory} decorator that counts and times every statement of its sessions in
 * {@link ServerMetrics}; everything else passes through unchanged. Thread-safe as the wrapped
 * factory is.
 */
final class MeteredSessionFactory implements SessionFactory {

  private final SessionFactory delegate;
  private final ServerMetrics metrics;

  MeteredSessionFactory(SessionFactory delegate, ServerMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public Optional<Account> findAccount(String user, String host) {
    return delegate.findAccount(user, host);
  }

  @Override
  public Session open(long connectionId, String user, String host, String database, Map<String, String> attributes) {
    return new MeteredSession(delegate.open(connectionId, user, host, database, attributes));
  }

  private final class MeteredSession implements Session {
    private final Session session;
    /** The kind of each prepared statement, by id, so executions are counted like text ones. */
    private final Map<Integer, String> preparedKinds = new HashMap<>();

    MeteredSession(Session session) {
      this.session = session;
    }

    @Override
    public StatementResult execute(String sql) {
      return timed(StatementKind.of(sql), () -> session.execute(sql));
    }

    @Override
    public StatementResult executePrepared(int statementId, List<Object> parameters, List<Boolean> unsignedParameters) {
      String kind = preparedKinds.getOrDefault(statementId, "other");
      return timed(kind, () -> session.executePrepared(statementId, parameters, unsignedParameters));
    }

    private StatementResult timed(String kind, java.util.function.Supplier<StatementResult> run) {
      long start = System.nanoTime();
      StatementResult result;
      try {
        result = run.get();
      } catch (RuntimeException e) {
        metrics.record(kind, start, false);
        throw e;
      }
      if (result instanceof StatementResult.Rows rows) {
        return new MeteredRows(rows, kind, start);
      }
      metrics.record(kind, start, true);
      return result;
    }

    @Override
    public PreparedStatement prepare(String sql) {
      PreparedStatement ps = session.prepare(sql);
      preparedKinds.put(ps.id(), StatementKind.of(sql));
      return ps;
    }

    @Override
    public void closePrepared(int statementId) {
      preparedKinds.remove(statementId);
      session.closePrepared(statementId);
    }

    @Override
    public long connectionId() {
      return session.connectionId();
    }

    @Override
    public String user() {
      return session.user();
    }

    @Override
    public Optional<String> currentDatabase() {
      return session.currentDatabase();
    }

    @Override
    public void useDatabase(String database) {
      session.useDatabase(database);
    }

    @Override
    public Optional<String> systemVariable(String name) {
      return session.systemVariable(name);
    }

    @Override
    public List<SqlWarning> warnings() {
      return session.warnings();
    }

    @Override
    public boolean inTransaction() {
      return session.inTransaction();
    }

    @Override
    public boolean autocommit() {
      return session.autocommit();
    }

    @Override
    public void cancel() {
      session.cancel();
    }

    @Override
    public void close() {
      session.close();
    }
  }

  /** A result set that records its statement when it is closed, i.e. fully produced. */
  private final class MeteredRows implements StatementResult.Rows {
    private final StatementResult.Rows rows;
    private final String kind;
    private final long start;
    private boolean failed;
    private boolean recorded;

    MeteredRows(StatementResult.Rows rows, String kind, long start) {
      this.rows = rows;
      this.kind = kind;
      this.start = start;
    }

    @Override
    public List<ColumnMetadata> columns() {
      return rows.columns();
    }

    @Override
    public boolean next() {
      try {
        return rows.next();
      } catch (RuntimeException e) {
        failed = true;
        throw e;
      }
    }

    @Override
    public ResultRow row() {
      return rows.row();
    }

    @Override
    public int warningCount() {
      return rows.warningCount();
    }

    @Override
    public void close() {
      try {
        rows.close();
      } finally {
        if (!recorded) {
          recorded = true;
          metrics.record(kind, start, !failed);
        }
      }
    }
  }
}
