package io.cairn.coprocessor.expr;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Per-statement evaluation state: the {@code sql_mode} flags that matter to expressions, whether the
 * statement writes rows (strict mode turns data truncation into errors only there, as in MySQL), the
 * session time zone, the statement's start instant (what NOW() returns throughout the statement),
 * {@code div_precision_increment}, and the warnings raised so far.
 *
 * <p>Not thread-safe: one context belongs to one statement evaluation on one thread. Warnings beyond
 * {@link #MAX_WARNINGS} are counted but not kept, like MySQL's {@code max_error_count}.
 */
public final class EvalContext {
  public static final int MAX_WARNINGS = 1024;

  /** MySQL 8's default sql_mode, without the flags that do not concern expressions. */
  public static final Set<SqlMode> MYSQL8_DEFAULT_MODE =
      Collections.unmodifiableSet(
          EnumSet.of(
              SqlMode.STRICT_TRANS_TABLES,
              SqlMode.NO_ZERO_IN_DATE,
              SqlMode.NO_ZERO_DATE,
              SqlMode.ERROR_FOR_DIVISION_BY_ZERO));

  private final EnumSet<SqlMode> sqlMode;
  private final boolean writesRows;
  private final ZoneId timeZone;
  private final Instant statementStart;
  private final List<Warning> warnings = new ArrayList<>();
  private long warningCount;

  /**
   * @param sqlMode the session's sql_mode flags (copied)
   * @param writesRows true for INSERT/UPDATE/DELETE: strict mode then turns truncation and division
   *     by zero into errors
   * @param timeZone the session time zone
   * @param clock read once, now, for the statement's NOW()
   */
  public EvalContext(Set<SqlMode> sqlMode, boolean writesRows, ZoneId timeZone, Clock clock) {
    this.sqlMode = sqlMode.isEmpty() ? EnumSet.noneOf(SqlMode.class) : EnumSet.copyOf(sqlMode);
    this.writesRows = writesRows;
    this.timeZone = timeZone;
    this.statementStart = clock.instant();
  }

  /** A SELECT context with MySQL 8's default sql_mode. */
  public static EvalContext forSelect(ZoneId timeZone, Clock clock) {
    return new EvalContext(MYSQL8_DEFAULT_MODE, false, timeZone, clock);
  }

  /** The sql_mode flags (a copy). */
  public Set<SqlMode> sqlModes() {
    return sqlMode.isEmpty() ? EnumSet.noneOf(SqlMode.class) : EnumSet.copyOf(sqlMode);
  }

  /** Whether the statement writes rows (see the constructor). */
  public boolean writesRows() {
    return writesRows;
  }

  public boolean has(SqlMode mode) {
    return sqlMode.contains(mode);
  }

  public boolean strict() {
    return writesRows && (has(SqlMode.STRICT_TRANS_TABLES) || has(SqlMode.STRICT_ALL_TABLES));
  }

  public ZoneId timeZone() {
    return timeZone;
  }

  public Instant statementStart() {
    return statementStart;
  }

  /** The warnings raised so far, oldest first (a live, read-only view). */
  public List<Warning> warnings() {
    return Collections.unmodifiableList(warnings);
  }

  /** Total conditions raised, including those not kept beyond {@link #MAX_WARNINGS}. */
  public long warningCount() {
    return warningCount;
  }

  public void clearWarnings() {
    warnings.clear();
    warningCount = 0;
  }

  public void warn(int code, String message) {
    add(new Warning(Warning.Level.WARNING, code, message));
  }

  public void note(int code, String message) {
    add(new Warning(Warning.Level.NOTE, code, message));
  }

  private void add(Warning w) {
    warningCount++;
    if (warnings.size() < MAX_WARNINGS) {
      warnings.add(w);
    }
  }

  /**
   * Reports a data truncation (MySQL 1292): an error in strict row-writing statements, otherwise a
   * warning.
   */
  public void truncated(String message) {
    if (strict()) {
      throw new EvalException(1292, "22007", message);
    }
    warn(1292, message);
  }

  public void truncatedValue(String typeName, String value) {
    truncated("Truncated incorrect " + typeName + " value: '" + value + "'");
  }

  /**
   * Reports division by zero: with ERROR_FOR_DIVISION_BY_ZERO a warning 1365 (an error in strict
   * row-writing statements); without it, nothing. The caller returns NULL.
   */
  public void divisionByZero() {
    if (!has(SqlMode.ERROR_FOR_DIVISION_BY_ZERO)) {
      return;
    }
    if (strict()) {
      throw new EvalException(1365, "22012", "Division by 0");
    }
    warn(1365, "Division by 0");
  }
}
