package io.cairn.mysql.fake;

import static io.cairn.mysql.fake.FakeRows.column;

import io.cairn.sql.session.ColumnMetadata;
import io.cairn.sql.session.MysqlType;
import io.cairn.sql.session.PreparedStatement;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SessionStateChange;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.session.SqlWarning;
import io.cairn.sql.session.StatementResult;
import io.cairn.sql.session.Temporal;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TEST FIXTURE, clearly not a SQL engine. Understands only:
 *
 * <ul>
 *   <li>{@code SELECT item, ...} without FROM, items being integer, decimal, string and NULL
 *       literals, {@code ?}, {@code @@variable}, {@code SLEEP(n)} (cancellable), {@code
 *       REPEAT('s', n)}, {@code LAST_INSERT_ID()}, {@code CONNECTION_ID()}, {@code DATABASE()},
 *       each optionally {@code AS alias};
 *   <li>{@code SELECT * FROM all_types} (one row of every type, one row of NULLs), {@code
 *       SELECT * FROM seq_N} (N lazy rows of id, payload), {@code SELECT * FROM wide_N} (N
 *       lazy rows with a 1000-byte payload);
 *   <li>{@code INSERT ... VALUES (...),(...)} (affected rows = groups, AUTO_INCREMENT ids),
 *       {@code UPDATE}/{@code DELETE} (3 rows), {@code CREATE}/{@code DROP} (0 rows);
 *   <li>{@code SET autocommit=0|1}, other {@code SET}s, {@code BEGIN}, {@code START
 *       TRANSACTION}, {@code COMMIT}, {@code ROLLBACK}, {@code USE db};
 *   <li>{@code DO WARNING} (one warning), {@code SHOW WARNINGS}, {@code SHOW COLUMNS FROM
 *       `all_types`};
 *   <li>any other table → 1146, anything else → 1064.
 * </ul>
 */
public final class FakeSession implements Session {

  static final Map<String, String> VARIABLES = Map.ofEntries(
      Map.entry("auto_increment_increment", "1"),
      Map.entry("autocommit", "1"),
      Map.entry("character_set_client", "utf8mb4"),
      Map.entry("character_set_connection", "utf8mb4"),
      Map.entry("character_set_results", "utf8mb4"),
      Map.entry("character_set_server", "utf8mb4"),
      Map.entry("collation_connection", "utf8mb4_general_ci"),
      Map.entry("collation_server", "utf8mb4_general_ci"),
      Map.entry("init_connect", ""),
      Map.entry("interactive_timeout", "28800"),
      Map.entry("license", "Apache-2.0"),
      Map.entry("lower_case_table_names", "0"),
      Map.entry("max_allowed_packet", "67108864"),
      Map.entry("net_buffer_length", "16384"),
      Map.entry("net_write_timeout", "60"),
      Map.entry("performance_schema", "0"),
      Map.entry("query_cache_size", "0"),
      Map.entry("query_cache_type", "OFF"),
      Map.entry("sql_mode", "STRICT_TRANS_TABLES"),
      Map.entry("system_time_zone", "UTC"),
      Map.entry("time_zone", "+00:00"),
      Map.entry("transaction_isolation", "REPEATABLE-READ"),
      Map.entry("tx_isolation", "REPEATABLE-READ"),
      Map.entry("transaction_read_only", "0"),
      Map.entry("tx_read_only", "0"),
      Map.entry("version", "8.0.11-Cairn-0.1.0"),
      Map.entry("version_comment", "Cairn fake session"),
      Map.entry("wait_timeout", "28800"));

  static final List<ColumnMetadata> ALL_TYPES = List.of(
      column("c_tiny", MysqlType.TINY, 0, 4, 0),
      column("c_utiny", MysqlType.TINY, ColumnMetadata.UNSIGNED_FLAG, 3, 0),
      column("c_short", MysqlType.SHORT, 0, 6, 0),
      column("c_int24", MysqlType.INT24, 0, 9, 0),
      column("c_int", MysqlType.LONG, 0, 11, 0),
      column("c_bigint", MysqlType.LONGLONG, 0, 20, 0),
      column("c_ubigint", MysqlType.LONGLONG, ColumnMetadata.UNSIGNED_FLAG, 20, 0),
      column("c_float", MysqlType.FLOAT, 0, 12, 31),
      column("c_double", MysqlType.DOUBLE, 0, 22, 31),
      column("c_decimal", MysqlType.NEWDECIMAL, 0, 12, 3),
      column("c_date", MysqlType.DATE, ColumnMetadata.BINARY_FLAG, 10, 0),
      column("c_datetime", MysqlType.DATETIME, ColumnMetadata.BINARY_FLAG, 26, 6),
      column("c_timestamp", MysqlType.TIMESTAMP, ColumnMetadata.BINARY_FLAG, 19, 0),
      column("c_time", MysqlType.TIME, ColumnMetadata.BINARY_FLAG, 10, 0),
      column("c_year", MysqlType.YEAR, ColumnMetadata.UNSIGNED_FLAG, 4, 0),
      column("c_varchar", MysqlType.VAR_STRING, 0, 80, 0),
      column("c_char", MysqlType.STRING, 0, 12, 0),
      column("c_text", MysqlType.BLOB, ColumnMetadata.BLOB_FLAG, 262140, 0),
      column("c_blob", MysqlType.BLOB, ColumnMetadata.BLOB_FLAG | ColumnMetadata.BINARY_FLAG, 65535, 0),
      column("c_bit", MysqlType.BIT, ColumnMetadata.UNSIGNED_FLAG, 8, 0),
      column("c_enum", MysqlType.STRING, ColumnMetadata.ENUM_FLAG, 4, 0),
      column("c_json", MysqlType.JSON, ColumnMetadata.BLOB_FLAG, 4294967295L, 0));

  static final Object[] ALL_TYPES_ROW = {
      -5L, 250L, -1234L, 70000L, -123456789L, 9007199254740993L, -1L, 1.5d, 3.141592653589793d,
      new BigDecimal("12345.678"),
      new Temporal(false, 2024, 2, 29, 0, 0, 0, 0),
      new Temporal(false, 2024, 2, 29, 13, 14, 15, 123456),
      new Temporal(false, 2024, 3, 1, 1, 2, 3, 0),
      new Temporal(false, 0, 0, 0, 12, 34, 56, 0),
      2024L, "héllo wörld", "abc", "some text", new byte[] {0, 1, 2, (byte) 0xff}, 0xA5L, "b",
      "{\"a\": 1}"};

  private static final Pattern SEQ = Pattern.compile("select \\* from (seq|wide)_(\\d+)");
  private static final Pattern SELECT_TABLE = Pattern.compile("select .* from `?(\\w+)`?.*");
  private static final Pattern SET_AUTOCOMMIT = Pattern.compile("set (?:@@|session )?autocommit\\s*=\\s*(\\w+)");

  private final FakeSessionFactory factory;
  private final long connectionId;
  private final String user;
  private String database;
  private final List<SessionStateChange> stateChanges = new java.util.ArrayList<>();
  private boolean autocommit = true;
  private boolean inTransaction;
  private long lastInsertId;
  private long nextAutoId = 1;
  private int nextStatementId = 1;
  private final Map<Integer, PreparedStatement> prepared = new HashMap<>();
  private List<SqlWarning> warnings = List.of();
  private volatile CountDownLatch cancelLatch = new CountDownLatch(1);
  public volatile boolean closed;

  FakeSession(FakeSessionFactory factory, long connectionId, String user, String database) {
    this.factory = factory;
    this.connectionId = connectionId;
    this.user = user;
    this.database = database;
  }

  @Override
  public long connectionId() {
    return connectionId;
  }

  @Override
  public String user() {
    return user;
  }

  @Override
  public StatementResult execute(String sql) {
    return run(sql, List.of(), List.of());
  }

  @Override
  public PreparedStatement prepare(String sql) {
    String norm = normalize(sql).toLowerCase(Locale.ROOT);
    if (!norm.startsWith("select") && !norm.startsWith("insert") && !norm.startsWith("update")
        && !norm.startsWith("delete") && !norm.startsWith("begin") && !norm.startsWith("commit")
        && !norm.startsWith("set") && !norm.startsWith("do")) {
      throw new SqlException(1064, "42000", "You have an error in your SQL syntax near '" + sql + "'");
    }
    int count = 0;
    boolean quoted = false;
    for (char c : sql.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      } else if (c == '?' && !quoted) {
        count++;
      }
    }
    Matcher seq = SEQ.matcher(norm);
    List<ColumnMetadata> columns = norm.equals("select * from all_types") ? ALL_TYPES
        : seq.matches() ? sequenceColumns(seq.group(1).equals("wide") ? 1000 : 20)
        : List.of();
    PreparedStatement ps = new PreparedStatement(nextStatementId++, sql, count, columns);
    prepared.put(ps.id(), ps);
    return ps;
  }

  @Override
  public StatementResult executePrepared(int statementId, List<Object> parameters, List<Boolean> unsigned) {
    PreparedStatement ps = prepared.get(statementId);
    if (ps == null) {
      throw new SqlException(1243, "HY000", "Unknown prepared statement handler");
    }
    if (parameters.size() != ps.parameterCount()) {
      throw new SqlException(1210, "HY000", "Incorrect arguments to EXECUTE");
    }
    return run(ps.sql(), parameters, unsigned);
  }

  @Override
  public void closePrepared(int statementId) {
    prepared.remove(statementId);
  }

  public int preparedCount() {
    return prepared.size();
  }

  @Override
  public Optional<String> currentDatabase() {
    return Optional.ofNullable(database);
  }

  @Override
  public void useDatabase(String db) {
    if (!FakeSessionFactory.DATABASES.contains(db)) {
      throw new SqlException(1049, "42000", "Unknown database '" + db + "'");
    }
    database = db;
    stateChanges.add(new SessionStateChange.Schema(db));
  }

  @Override
  public List<SessionStateChange> takeStateChanges() {
    List<SessionStateChange> out = List.copyOf(stateChanges);
    stateChanges.clear();
    return out;
  }

  @Override
  public Optional<String> systemVariable(String name) {
    if (name.equalsIgnoreCase("autocommit")) {
      return Optional.of(autocommit ? "1" : "0");
    }
    return Optional.ofNullable(VARIABLES.get(name.toLowerCase(Locale.ROOT)));
  }

  @Override
  public List<SqlWarning> warnings() {
    return warnings;
  }

  @Override
  public boolean inTransaction() {
    return inTransaction;
  }

  @Override
  public boolean autocommit() {
    return autocommit;
  }

  @Override
  public void cancel() {
    cancelLatch.countDown();
  }

  @Override
  public void close() {
    closed = true;
    factory.closed(this);
  }

  private static String normalize(String sql) {
    String s = sql.strip();
    while (s.startsWith("/*")) {
      int end = s.indexOf("*/");
      s = end < 0 ? "" : s.substring(end + 2).strip();
    }
    if (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1);
    }
    return s.replaceAll("\\s+", " ").strip();
  }

  private StatementResult run(String sql, List<Object> params, List<Boolean> unsigned) {
    cancelLatch = new CountDownLatch(1);
    String norm = normalize(sql);
    String lower = norm.toLowerCase(Locale.ROOT);
    if (lower.equals("show warnings")) {
      List<Object[]> rows = new ArrayList<>();
      for (SqlWarning w : warnings) {
        rows.add(new Object[] {w.level(), (long) w.code(), w.message()});
      }
      return new FakeRows(List.of(
          column("Level", MysqlType.VAR_STRING, 0, 28, 0),
          column("Code", MysqlType.LONG, ColumnMetadata.UNSIGNED_FLAG, 4, 0),
          column("Message", MysqlType.VAR_STRING, 0, 2048, 0)), rows.iterator(), 0);
    }
    warnings = List.of();
    if (lower.equals("do warning")) {
      warnings = List.of(new SqlWarning("Warning", 1292, "Truncated incorrect DOUBLE value: 'x'"));
      return new StatementResult.Update(0, 0, 1, "");
    }
    if (lower.equals("begin") || lower.equals("start transaction")) {
      inTransaction = true;
      return StatementResult.Update.of(0);
    }
    if (lower.equals("commit") || lower.equals("rollback")) {
      inTransaction = false;
      return StatementResult.Update.of(0);
    }
    Matcher ac = SET_AUTOCOMMIT.matcher(lower);
    if (ac.matches()) {
      autocommit = ac.group(1).equals("1") || ac.group(1).equals("on");
      if (autocommit) {
        inTransaction = false;
      }
      return StatementResult.Update.of(0);
    }
    if (lower.startsWith("set ")) {
      return StatementResult.Update.of(0);
    }
    if (lower.startsWith("use ")) {
      useDatabase(norm.substring(4).strip().replace("`", ""));
      return StatementResult.Update.of(0);
    }
    if (lower.startsWith("create ") || lower.startsWith("drop ")) {
      return StatementResult.Update.of(0);
    }
    if (lower.startsWith("insert ")) {
      int values = lower.indexOf(" values");
      if (values < 0) {
        throw new SqlException(1064, "42000", "You have an error in your SQL syntax");
      }
      long groups = countGroups(lower.substring(values));
      lastInsertId = nextAutoId;
      nextAutoId += groups;
      if (!autocommit) {
        inTransaction = true;
      }
      return new StatementResult.Update(groups, lastInsertId, 0,
          groups > 1 ? "Records: " + groups + "  Duplicates: 0  Warnings: 0" : "");
    }
    if (lower.startsWith("update ") || lower.startsWith("delete ")) {
      if (!autocommit) {
        inTransaction = true;
      }
      return new StatementResult.Update(3, 0, 0, lower.startsWith("update ")
          ? "Rows matched: 3  Changed: 3  Warnings: 0" : "");
    }
    if (lower.equals("show columns from `all_types`")) {
      return showColumns();
    }
    if (lower.equals("select * from all_types")) {
      return new FakeRows(ALL_TYPES, List.of(ALL_TYPES_ROW, new Object[ALL_TYPES.size()]).iterator(), 0);
    }
    Matcher seq = SEQ.matcher(lower);
    if (seq.matches()) {
      return sequence(Long.parseLong(seq.group(2)), seq.group(1).equals("wide") ? 1000 : 20);
    }
    Matcher table = SELECT_TABLE.matcher(lower);
    if (table.matches() && lower.contains(" from ")) {
      throw new SqlException(1146, "42S02",
          "Table '" + (database == null ? "test" : database) + "." + table.group(1) + "' doesn't exist");
    }
    if (lower.startsWith("select ")) {
      return selectItems(norm.substring(7), params, unsigned);
    }
    throw new SqlException(1064, "42000",
        "You have an error in your SQL syntax; check the manual near '" + norm + "' at line 1");
  }

  private static long countGroups(String values) {
    long groups = 0;
    int depth = 0;
    boolean quoted = false;
    for (char c : values.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        if (depth++ == 0) {
          groups++;
        }
      } else if (!quoted && c == ')') {
        depth--;
      }
    }
    return groups;
  }

  private StatementResult showColumns() {
    List<ColumnMetadata> cols = List.of(
        column("Field", MysqlType.VAR_STRING, 0, 64, 0),
        column("Type", MysqlType.BLOB, 0, 196605, 0),
        column("Null", MysqlType.VAR_STRING, 0, 3, 0),
        column("Key", MysqlType.VAR_STRING, 0, 3, 0),
        column("Default", MysqlType.BLOB, 0, 196605, 0),
        column("Extra", MysqlType.VAR_STRING, 0, 256, 0));
    List<Object[]> rows = List.of(
        new Object[] {"id", "bigint", "NO", "PRI", null, "auto_increment"},
        new Object[] {"c_int", "int", "YES", "", "0", ""},
        new Object[] {"c_varchar", "varchar(20)", "YES", "MUL", null, ""});
    return new FakeRows(cols, rows.iterator(), 0);
  }

  private static List<ColumnMetadata> sequenceColumns(int width) {
    return List.of(
        column("id", MysqlType.LONGLONG, ColumnMetadata.NOT_NULL_FLAG, 20, 0),
        column("payload", MysqlType.VAR_STRING, 0, width, 0));
  }

  private StatementResult sequence(long n, int width) {
    List<ColumnMetadata> cols = sequenceColumns(width);
    String pad = "x".repeat(width);
    Iterator<Object[]> it = new Iterator<>() {
      long i = 0;

      @Override
      public boolean hasNext() {
        if (cancelLatch.getCount() == 0) {
          throw new SqlException(1317, "70100", "Query execution was interrupted");
        }
        return i < n;
      }

      @Override
      public Object[] next() {
        i++;
        factory.rowsProduced.incrementAndGet();
        return new Object[] {i, pad};
      }
    };
    return new FakeRows(cols, it, 0);
  }

  private StatementResult selectItems(String list, List<Object> params, List<Boolean> unsigned) {
    List<String> items = splitItems(list);
    List<ColumnMetadata> cols = new ArrayList<>();
    Object[] row = new Object[items.size()];
    int param = 0;
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i).strip();
      String label = item;
      Matcher as = Pattern.compile("(?is)(.*?)\\s+as\\s+`?(\\w+)`?").matcher(item);
      if (as.matches()) {
        item = as.group(1).strip();
        label = as.group(2);
      }
      String li = item.toLowerCase(Locale.ROOT);
      Object v;
      ColumnMetadata c;
      if (item.equals("?")) {
        v = params.get(param);
        boolean u = unsigned.get(param);
        param++;
        c = paramColumn(label, v, u);
      } else if (li.startsWith("@@")) {
        String name = li.substring(2).replaceFirst("^(session|global|local)\\.", "");
        v = systemVariable(name).orElseThrow(
            () -> new SqlException(1193, "HY000", "Unknown system variable '" + name + "'"));
        c = column(label, MysqlType.VAR_STRING, 0, 256, 0);
      } else if (li.matches("-?\\d+")) {
        v = Long.parseLong(item);
        c = column(label, MysqlType.LONGLONG, 0, 21, 0);
      } else if (li.matches("-?\\d+\\.\\d+")) {
        v = new BigDecimal(item);
        c = column(label, MysqlType.NEWDECIMAL, 0, item.length(), item.length() - item.indexOf('.') - 1);
      } else if (item.startsWith("'") && item.endsWith("'") && item.length() >= 2) {
        v = item.substring(1, item.length() - 1).replace("''", "'").replace("\\'", "'");
        c = column(label, MysqlType.VAR_STRING, 0, ((String) v).length() * 4L, 0);
      } else if (li.matches("x'([0-9a-f]{2})*'")) {
        v = java.util.HexFormat.of().parseHex(li.substring(2, li.length() - 1));
        c = column(label, MysqlType.BLOB, ColumnMetadata.BINARY_FLAG, ((byte[]) v).length, 0);
      } else if (li.equals("null")) {
        v = null;
        c = column(label, MysqlType.NULL, ColumnMetadata.BINARY_FLAG, 0, 0);
      } else if (li.matches("sleep\\(\\d+\\)")) {
        sleep(Integer.parseInt(li.substring(6, li.length() - 1)));
        v = 0L;
        c = column(label, MysqlType.LONGLONG, 0, 21, 0);
      } else if (li.matches("repeat\\('.', *\\d+\\)")) {
        int n = Integer.parseInt(li.substring(li.indexOf(',') + 1, li.length() - 1).strip());
        v = String.valueOf(item.charAt(8)).repeat(n);
        c = column(label, MysqlType.BLOB, 0, n, 0);
      } else if (li.equals("last_insert_id()")) {
        v = lastInsertId;
        c = column(label, MysqlType.LONGLONG, ColumnMetadata.UNSIGNED_FLAG, 20, 0);
      } else if (li.equals("connection_id()")) {
        v = connectionId;
        c = column(label, MysqlType.LONGLONG, 0, 20, 0);
      } else if (li.equals("database()")) {
        v = database;
        c = column(label, MysqlType.VAR_STRING, 0, 256, 0);
      } else {
        throw new SqlException(1054, "42S22", "Unknown column '" + item + "' in 'field list'");
      }
      cols.add(c);
      row[i] = v;
    }
    return new FakeRows(cols, List.<Object[]>of(row).iterator(), 0);
  }

  private static ColumnMetadata paramColumn(String label, Object v, boolean unsigned) {
    return switch (v) {
      case null -> column(label, MysqlType.NULL, ColumnMetadata.BINARY_FLAG, 0, 0);
      case Long l -> column(label, MysqlType.LONGLONG, unsigned ? ColumnMetadata.UNSIGNED_FLAG : 0, 20, 0);
      case Double d -> column(label, MysqlType.DOUBLE, 0, 22, 31);
      case BigDecimal d -> column(label, MysqlType.NEWDECIMAL, 0, 40, Math.max(0, d.scale()));
      case byte[] b -> column(label, MysqlType.VAR_STRING, 0, b.length, 0);
      case Temporal t when t.year() == 0 && t.month() == 0 && t.day() == 0 ->
          column(label, MysqlType.TIME, ColumnMetadata.BINARY_FLAG, 17, 6);
      case Temporal t when t.hour() == 0 && t.minute() == 0 && t.second() == 0 && t.microsecond() == 0 ->
          column(label, MysqlType.DATE, ColumnMetadata.BINARY_FLAG, 10, 0);
      case Temporal t -> column(label, MysqlType.DATETIME, ColumnMetadata.BINARY_FLAG, 26, 6);
      default -> throw new IllegalArgumentException("unexpected parameter " + v.getClass());
    };
  }

  private void sleep(int seconds) {
    factory.sleeping.incrementAndGet();
    try {
      if (cancelLatch.await(seconds, TimeUnit.SECONDS)) {
        throw new SqlException(1317, "70100", "Query execution was interrupted");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SqlException(1317, "70100", "Query execution was interrupted");
    } finally {
      factory.sleeping.decrementAndGet();
    }
  }

  private static List<String> splitItems(String list) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      if (c == '\'' ) {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      } else if (!quoted && depth == 0 && c == ',') {
        out.add(list.substring(start, i));
        start = i + 1;
      }
    }
    out.add(list.substring(start));
    return out;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
