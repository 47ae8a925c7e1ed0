package io.cairn.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.DriverRegistry;
import io.cairn.server.sqlserver.CairnServer;
import io.cairn.server.sqlserver.ServerConfig;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDBC client-compatibility suite, run against a whole {@link CairnServer} over {@code
 * unistore://}. Each subclass fixes a driver and one protocol (text statements or server-side
 * prepared statements); every test works in its own database, so the tests of a class share one
 * server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcClientSuite {

  private static final AtomicInteger SERVERS = new AtomicInteger();

  /** keytool takes seconds on a busy machine: one self-signed certificate per class. */
  @TempDir static Path tlsDir;

  private CairnServer server;

  /** A JDBC URL for root without a password, TLS off unless {@code tls}, with the driver's protocol choice. */
  protected abstract String url(int port, String database, boolean tls, String extraOptions);

  /** The driver option that turns multi-statement batch rewriting on or off. */
  protected abstract String batchRewriteOption(boolean on);

  /** The options that make {@code setFetchSize} fetch in chunks rather than read the whole result. */
  protected abstract String chunkedFetchOptions();

  /** Whether this class's statements run as server-side prepared statements. */
  protected abstract boolean serverPrepared();

  @BeforeAll
  void startServer() throws Exception {
    ServerConfig config = new ServerConfig("unistore://jdbc-" + getClass().getSimpleName() + "-" + SERVERS.incrementAndGet(),
        "127.0.0.1", 0, -1, 64, Duration.ofSeconds(5), new ServerConfig.Tls(null, null, tlsDir));
    server = CairnServer.start(config, DriverRegistry.load(getClass().getClassLoader()));
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  protected final CairnServer server() {
    return server;
  }

  protected final Connection connect(String database, String extraOptions) throws SQLException {
    return DriverManager.getConnection(url(server.port(), database, false, extraOptions));
  }

  /** A connection to a fresh database {@code name}. */
  private Connection freshDatabase(String name, String extraOptions) throws SQLException {
    try (Connection c = connect("", ""); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return connect(name, extraOptions);
  }

  @Test
  void ddlAndMultiRowInsert() throws Exception {
    try (Connection c = freshDatabase("ddl", ""); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, score DOUBLE, KEY k_name (name))");
      assertThat(s.executeUpdate("INSERT INTO t VALUES (1, 'a', 1.5), (2, 'b', NULL), (3, 'c', -2.25)")).isEqualTo(3);
      try (ResultSet rs = s.executeQuery("SELECT id, name, score FROM t ORDER BY id")) {
        List<String> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(rs.getInt(1) + ":" + rs.getString(2) + ":" + rs.getString(3));
        }
        assertThat(rows).containsExactly("1:a:1.5", "2:b:null", "3:c:-2.25");
      }
      s.execute("ALTER TABLE t ADD COLUMN extra BIGINT");
      assertThat(s.executeUpdate("UPDATE t SET extra = id * 10 WHERE id >= 2")).isEqualTo(2);
      try (ResultSet rs = s.executeQuery("SELECT SUM(extra) FROM t")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(50);
      }
      s.execute("DROP TABLE t");
      assertThatThrownBy(() -> s.executeQuery("SELECT * FROM t"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1146));
    }
  }

  @Test
  void preparedStatementsBindAndReadEveryParameterType() throws Exception {
    try (Connection c = freshDatabase("types", ""); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE v (id INT PRIMARY KEY, i INT, l BIGINT, d DECIMAL(20,6), f DOUBLE, "
          + "s VARCHAR(64), b VARBINARY(64), n INT, dt DATE, tm TIME, ts DATETIME(3))");
      String unicode = "Grüße, 世界 🌍";
      // The evaluator keeps binary strings as Java strings, so only valid UTF-8 bytes round-trip.
      byte[] bytes = "\0bin\u00e9\u4e16\0".getBytes(StandardCharsets.UTF_8);
      Date date = Date.valueOf("2024-02-29");
      Time time = Time.valueOf("23:59:58");
      Timestamp ts = Timestamp.valueOf("2025-06-30 12:34:56.789");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO v VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        p.setInt(1, 1);
        p.setInt(2, Integer.MIN_VALUE);
        p.setLong(3, Long.MAX_VALUE);
        p.setBigDecimal(4, new BigDecimal("-12345678901234.123456"));
        p.setDouble(5, 0.1 + 0.2);
        p.setString(6, unicode);
        p.setBytes(7, bytes);
        p.setNull(8, Types.INTEGER);
        p.setDate(9, date);
        p.setTime(10, time);
        p.setTimestamp(11, ts);
        assertThat(p.executeUpdate()).isEqualTo(1);
      }
      try (PreparedStatement q = c.prepareStatement("SELECT i, l, d, f, s, b, n, dt, tm, ts FROM v WHERE id = ?")) {
        q.setInt(1, 1);
        try (ResultSet rs = q.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(Integer.MIN_VALUE);
          assertThat(rs.getLong(2)).isEqualTo(Long.MAX_VALUE);
          assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("-12345678901234.123456");
          assertThat(rs.getDouble(4)).isEqualTo(0.1 + 0.2);
          assertThat(rs.getString(5)).isEqualTo(unicode);
          assertThat(rs.getBytes(6)).isEqualTo(bytes);
          assertThat(rs.getObject(7)).isNull();
          assertThat(rs.getInt(7)).isZero();
          assertThat(rs.wasNull()).isTrue();
          assertThat(rs.getDate(8)).isEqualTo(date);
          assertThat(rs.getTime(9)).isEqualTo(time);
          assertThat(rs.getTimestamp(10)).isEqualTo(ts);
          assertThat(rs.next()).isFalse();
        }
      }
      // The same row through a plain statement: the text protocol must agree with the binary one.
      try (ResultSet rs = s.executeQuery("SELECT i, l, d, f, s, b, n, dt, tm, ts FROM v")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(Integer.MIN_VALUE);
        assertThat(rs.getLong(2)).isEqualTo(Long.MAX_VALUE);
        assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("-12345678901234.123456");
        assertThat(rs.getDouble(4)).isEqualTo(0.1 + 0.2);
        assertThat(rs.getString(5)).isEqualTo(unicode);
        assertThat(rs.getBytes(6)).isEqualTo(bytes);
        assertThat(rs.getObject(7)).isNull();
        assertThat(rs.getDate(8)).isEqualTo(date);
        assertThat(rs.getTime(9)).isEqualTo(time);
        assertThat(rs.getTimestamp(10)).isEqualTo(ts);
      }
      try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM v WHERE s = ? AND n IS NULL")) {
        q.setString(1, unicode);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(1);
        }
      }
    }
  }

  @ParameterizedTest(name = "rewrite={0}")
  @ValueSource(booleans = {false, true})
  void batchUpdates(boolean rewrite) throws Exception {
    String db = "batch_" + rewrite;
    try (Connection c = freshDatabase(db, batchRewriteOption(rewrite)); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE b (id INT PRIMARY KEY, v VARCHAR(20))");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO b VALUES (?, ?)")) {
        for (int i = 0; i < 500; i++) {
          p.setInt(1, i);
          p.setString(2, "v" + i);
          p.addBatch();
        }
        int[] counts = p.executeBatch();
        assertThat(counts).hasSize(500);
        // A rewritten batch reports SUCCESS_NO_INFO per statement; otherwise each count is 1.
        assertThat(Arrays.stream(counts).boxed().toList()).allSatisfy(n -> assertThat(n).isIn(1, Statement.SUCCESS_NO_INFO));
      }
      s.addBatch("UPDATE b SET v = 'x' WHERE id < 10");
      s.addBatch("DELETE FROM b WHERE id >= 490");
      assertThat(s.executeBatch()).containsExactly(10, 10);
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(CASE WHEN v = 'x' THEN 1 ELSE 0 END) FROM b")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(490);
        assertThat(rs.getLong(2)).isEqualTo(10);
      }
    }
  }

  @Test
  void generatedKeysComeFromAutoIncrement() throws Exception {
    try (Connection c = freshDatabase("genkeys", ""); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE k (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10))");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO k (v) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
        p.setString(1, "a");
        assertThat(p.executeUpdate()).isEqualTo(1);
        long first;
        try (ResultSet keys = p.getGeneratedKeys()) {
          assertThat(keys.next()).isTrue();
          first = keys.getLong(1);
          assertThat(first).isPositive();
        }
        p.setString(1, "b");
        p.executeUpdate();
        try (ResultSet keys = p.getGeneratedKeys()) {
          assertThat(keys.next()).isTrue();
          assertThat(keys.getLong(1)).isGreaterThan(first);
        }
      }
      assertThat(s.executeUpdate("INSERT INTO k (v) VALUES ('c')", Statement.RETURN_GENERATED_KEYS)).isEqualTo(1);
      try (ResultSet keys = s.getGeneratedKeys(); Statement q = c.createStatement();
          ResultSet max = q.executeQuery("SELECT MAX(id), LAST_INSERT_ID() FROM k WHERE v = 'c'")) {
        assertThat(keys.next()).isTrue();
        assertThat(max.next()).isTrue();
        assertThat(keys.getLong(1)).isEqualTo(max.getLong(1)).isEqualTo(max.getLong(2));
      }
    }
  }

  @Test
  void resultSetMetadataDescribesTheColumns() throws Exception {
    try (Connection c = freshDatabase("meta", ""); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE m (id INT NOT NULL PRIMARY KEY, name VARCHAR(30) NOT NULL, amount DECIMAL(10,2), "
          + "big BIGINT, created DATETIME, bin VARBINARY(8))");
      s.execute("INSERT INTO m VALUES (1, 'x', 1.25, 7, '2020-01-02 03:04:05', x'0102')");
      try (PreparedStatement p = c.prepareStatement("SELECT id, name AS label, amount, big, created, bin FROM m WHERE id = ?")) {
        p.setInt(1, 1);
        try (ResultSet rs = p.executeQuery()) {
          ResultSetMetaData md = rs.getMetaData();
          assertThat(md.getColumnCount()).isEqualTo(6);
          assertThat(md.getColumnLabel(2)).isEqualTo("label");
          assertThat(md.getColumnName(2)).isIn("name", "label");
          assertThat(md.getColumnType(1)).isEqualTo(Types.INTEGER);
          assertThat(md.getColumnType(2)).isEqualTo(Types.VARCHAR);
          assertThat(md.getColumnType(3)).isEqualTo(Types.DECIMAL);
          assertThat(md.getPrecision(3)).isEqualTo(10);
          assertThat(md.getScale(3)).isEqualTo(2);
          assertThat(md.getColumnType(4)).isEqualTo(Types.BIGINT);
          assertThat(md.getColumnType(5)).isEqualTo(Types.TIMESTAMP);
          assertThat(md.getColumnType(6)).isIn(Types.VARBINARY, Types.BINARY);
          assertThat(md.isNullable(1)).isEqualTo(ResultSetMetaData.columnNoNulls);
          assertThat(md.isNullable(2)).isEqualTo(ResultSetMetaData.columnNoNulls);
          assertThat(md.isNullable(3)).isEqualTo(ResultSetMetaData.columnNullable);
          assertThat(rs.next()).isTrue();
          assertThat(rs.getObject(1)).isEqualTo(1);
          assertThat(rs.getObject("label")).isEqualTo("x");
        }
      }
    }
  }

  @Test
  void transactionsCommitAndRollBack() throws Exception {
    try (Connection c = freshDatabase("txn", ""); Connection other = connect("txn", "");
        Statement s = c.createStatement(); Statement o = other.createStatement()) {
      s.execute("CREATE TABLE acct (id INT PRIMARY KEY, balance INT NOT NULL)");
      s.execute("INSERT INTO acct VALUES (1, 100), (2, 100)");
      assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
      c.setAutoCommit(false);
      s.executeUpdate("UPDATE acct SET balance = balance - 30 WHERE id = 1");
      s.executeUpdate("UPDATE acct SET balance = balance + 30 WHERE id = 2");
      assertThat(sum(o, "SELECT balance FROM acct WHERE id = 1")).as("uncommitted writes stay invisible").isEqualTo(100);
      c.commit();
      assertThat(sum(o, "SELECT balance FROM acct WHERE id = 1")).isEqualTo(70);
      s.executeUpdate("DELETE FROM acct");
      assertThat(sum(s, "SELECT COUNT(*) FROM acct")).as("a transaction sees its own writes").isZero();
      c.rollback();
      assertThat(sum(s, "SELECT SUM(balance) FROM acct")).isEqualTo(200);
      // Repeatable read: a snapshot taken at the first read ignores a later commit by another session.
      assertThat(sum(s, "SELECT balance FROM acct WHERE id = 2")).isEqualTo(130);
      o.executeUpdate("UPDATE acct SET balance = 0 WHERE id = 2");
      assertThat(sum(s, "SELECT balance FROM acct WHERE id = 2")).isEqualTo(130);
      c.commit();
      assertThat(sum(s, "SELECT balance FROM acct WHERE id = 2")).isZero();
      c.setAutoCommit(true);
    }
  }

  @Test
  void databaseMetaDataDescribesTablesColumnsKeysAndIndexes() throws Exception {
    try (Connection c = freshDatabase("dbmeta", ""); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE people (id BIGINT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(40) NOT NULL,"
          + " born DATE, UNIQUE KEY u_name (name), KEY k_born (born))");
      s.execute("CREATE TABLE other (a INT)");
      s.execute("CREATE VIEW v AS SELECT id FROM people");
      DatabaseMetaData md = c.getMetaData();
      String catalog = c.getCatalog();
      String schema = c.getSchema();

      List<String> tables = new ArrayList<>();
      try (ResultSet rs = md.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
        }
      }
      assertThat(tables).containsExactly("other:TABLE", "people:TABLE");
      List<String> views = new ArrayList<>();
      try (ResultSet rs = md.getTables(catalog, schema, "%", new String[] {"VIEW"})) {
        while (rs.next()) {
          views.add(rs.getString("TABLE_NAME"));
        }
      }
      assertThat(views).containsExactly("v");

      List<String> columns = new ArrayList<>();
      try (ResultSet rs = md.getColumns(catalog, schema, "people", "%")) {
        while (rs.next()) {
          columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("DATA_TYPE") + ":" + rs.getInt("NULLABLE")
              + ":" + rs.getString("IS_AUTOINCREMENT") + ":" + rs.getInt("ORDINAL_POSITION"));
        }
      }
      assertThat(columns).containsExactly(
          "id:" + Types.BIGINT + ":" + DatabaseMetaData.columnNoNulls + ":YES:1",
          "name:" + Types.VARCHAR + ":" + DatabaseMetaData.columnNoNulls + ":NO:2",
          "born:" + Types.DATE + ":" + DatabaseMetaData.columnNullable + ":NO:3");

      try (ResultSet rs = md.getPrimaryKeys(catalog, schema, "people")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("COLUMN_NAME")).isEqualTo("id");
        assertThat(rs.getInt("KEY_SEQ")).isEqualTo(1);
        assertThat(rs.next()).isFalse();
      }

      List<String> indexes = new ArrayList<>();
      try (ResultSet rs = md.getIndexInfo(catalog, schema, "people", false, false)) {
        while (rs.next()) {
          indexes.add(rs.getString("INDEX_NAME") + ":" + rs.getString("COLUMN_NAME") + ":" + rs.getBoolean("NON_UNIQUE"));
        }
      }
      assertThat(indexes).containsExactlyInAnyOrder("PRIMARY:id:false", "u_name:name:false", "k_born:born:true");
      List<String> unique = new ArrayList<>();
      try (ResultSet rs = md.getIndexInfo(catalog, schema, "people", true, false)) {
        while (rs.next()) {
          unique.add(rs.getString("INDEX_NAME"));
        }
      }
      assertThat(unique).containsExactlyInAnyOrder("PRIMARY", "u_name");
    }
  }

  private static long sum(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }

  @Test
  void errorsCarryMySqlCodes() throws Exception {
    try (Connection c = freshDatabase("errs", ""); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE e (id INT PRIMARY KEY, v VARCHAR(5) NOT NULL)");
      s.execute("INSERT INTO e VALUES (1, 'a')");
      assertError(() -> s.executeUpdate("INSERT INTO e VALUES (1, 'b')"), 1062, "23000");
      assertError(() -> s.executeQuery("SELECT * FROM nowhere"), 1146, "42S02");
      assertError(() -> s.execute("SELEKT 1"), 1064, "42000");
      assertError(() -> s.executeUpdate("INSERT INTO e VALUES (2, NULL)"), 1048, "23000");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO e VALUES (?, ?)")) {
        p.setInt(1, 1);
        p.setString(2, "c");
        assertError(p::executeUpdate, 1062, "23000");
        p.setInt(1, 3);
        p.setNull(2, Types.VARCHAR);
        assertError(p::executeUpdate, 1048, "23000");
      }
      // The connection survives its errors.
      assertThat(sum(s, "SELECT COUNT(*) FROM e")).isEqualTo(1);
    }
  }

  private static void assertError(ThrowingCall call, int code, String sqlState) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(SQLException.class, e -> {
      assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(code);
      assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(sqlState);
    });
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void tlsIsRequired() throws Exception {
    // The driver refuses to go on unless the server completes the TLS handshake it demands.
    try (Connection c = DriverManager.getConnection(url(server.port(), "", true, ""));
        Statement s = c.createStatement()) {
      assertThat(sum(s, "SELECT 40 + 2")).isEqualTo(42);
    }
  }

  @Tag("slow")
  @Test
  void chunkedFetchOverAHundredThousandRows() throws Exception {
    int rows = 100_000;
    try (Connection c = freshDatabase("bigfetch", chunkedFetchOptions()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(20))");
      StringBuilder sql = new StringBuilder();
      for (int start = 0; start < rows; start += 2000) {
        sql.setLength(0);
        sql.append("INSERT INTO big VALUES ");
        for (int i = start; i < start + 2000; i++) {
          sql.append(i == start ? "" : ",").append('(').append(i).append(",'row-").append(i).append("')");
        }
        s.executeUpdate(sql.toString());
      }
      try (PreparedStatement p = c.prepareStatement("SELECT id, pad FROM big WHERE id >= ?")) {
        p.setFetchSize(1000);
        p.setInt(1, 0);
        long count = 0;
        long idSum = 0;
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            count++;
            idSum += rs.getInt(1);
            if (!rs.getString(2).equals("row-" + rs.getInt(1))) {
              throw new AssertionError("row " + count + " reads " + rs.getInt(1) + "/" + rs.getString(2));
            }
          }
        }
        assertThat(count).isEqualTo(rows);
        assertThat(idSum).isEqualTo((long) rows * (rows - 1) / 2);
      }
      // The connection is usable after a cursor was read to its end.
      assertThat(sum(s, "SELECT COUNT(*) FROM big WHERE id < 10")).isEqualTo(10);
    }
  }
}
