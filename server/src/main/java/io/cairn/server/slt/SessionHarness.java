package io.cairn.server.slt;

import io.cairn.slt.Harness;
import io.cairn.sql.session.ResultRow;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.StatementResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A sqllogictest harness on one Cairn {@link Session}: statements go straight to the SQL
 * layer, values come back in the text-protocol form the server would send, so results match
 * what the JDBC harness sees through a server. A statement outliving the timeout is cancelled
 * as KILL QUERY would.
 */
final class SessionHarness implements Harness {

  private final Session session;
  private final ScheduledExecutorService timer;
  private int timeoutSeconds;

  SessionHarness(Session session, ScheduledExecutorService timer) {
    this.session = session;
    this.timer = timer;
  }

  @Override
  public String engineName() {
    return "mysql";
  }

  @Override
  public void reset(String database) {
    String quoted = "`" + database.replace("`", "``") + "`";
    runStatement("DROP DATABASE IF EXISTS " + quoted);
    runStatement("CREATE DATABASE " + quoted);
    session.useDatabase(database);
  }

  @Override
  public void runStatement(String sql) {
    ScheduledFuture<?> deadline = armTimeout();
    try {
      if (session.execute(sql) instanceof StatementResult.Rows rows) {
        try (rows) {
          while (rows.next()) {
            // A statement's result set is read to the end, as a client would.
          }
        }
      }
    } finally {
      disarm(deadline);
    }
  }

  @Override
  public List<String[]> runQuery(String sql) {
    ScheduledFuture<?> deadline = armTimeout();
    try {
      if (!(session.execute(sql) instanceof StatementResult.Rows rows)) {
        throw new IllegalStateException("not a query (it returned no result set): " + sql);
      }
      try (rows) {
        int n = rows.columns().size();
        List<String[]> out = new ArrayList<>();
        while (rows.next()) {
          ResultRow row = rows.row();
          String[] values = new String[n];
          for (int i = 0; i < n; i++) {
            values[i] = row.isNull(i) ? null : new String(row.text(i), StandardCharsets.UTF_8);
          }
          out.add(values);
        }
        return out;
      }
    } finally {
      disarm(deadline);
    }
  }

  private ScheduledFuture<?> armTimeout() {
    return timeoutSeconds <= 0 ? null : timer.schedule(session::cancel, timeoutSeconds, TimeUnit.SECONDS);
  }

  private static void disarm(ScheduledFuture<?> deadline) {
    if (deadline != null) {
      deadline.cancel(false);
    }
  }

  @Override
  public void setStatementTimeoutSeconds(int seconds) {
    this.timeoutSeconds = seconds;
  }

  @Override
  public void close() {
    session.close();
  }
}
