package io.cairn.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.cairn.kv.DriverRegistry;
import io.cairn.server.sqlserver.CairnServer;
import io.cairn.server.sqlserver.ServerConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A HikariCP pool of 20 Connector/J connections runs 50,000 mixed statements from 32 threads:
 * point selects, inserts, updates and small transactions. No statement may fail, except that an
 * explicit optimistic transaction whose commit meets a write conflict (9007) is retried, as
 * the client of an optimistic database must; afterwards the pool holds no leaked connection
 * and the server's connection count follows the pool.
 */
@Tag("slow")
class HikariPoolTest {

  private static final int POOL = 20;
  private static final int THREADS = 32;
  private static final int STATEMENTS = 50_000;
  private static final int ROWS = 200;

  @Test
  void twentyConnectionsServeThirtyTwoThreads() throws Exception {
    long seed = System.nanoTime();
    ServerConfig config = new ServerConfig("unistore://jdbc-hikari", "127.0.0.1", 0, -1, 64, Duration.ofSeconds(5), null);
    try (CairnServer server = CairnServer.start(config, DriverRegistry.load(getClass().getClassLoader()))) {
      HikariConfig hc = new HikariConfig();
      hc.setJdbcUrl("jdbc:mysql://127.0.0.1:" + server.port() + "/pool?sslMode=DISABLED&useServerPrepStmts=true"
          + "&cachePrepStmts=true&createDatabaseIfNotExist=true");
      hc.setUsername("root");
      hc.setPassword("");
      hc.setMaximumPoolSize(POOL);
      hc.setMinimumIdle(POOL);
      hc.setConnectionTimeout(60_000);
      hc.setPoolName("cairn-test");
      hc.setRegisterMbeans(false);
      AtomicLong conflictRetries = new AtomicLong();
      long expectedSum;
      try (HikariDataSource ds = new HikariDataSource(hc)) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
          s.execute("CREATE TABLE kv (id INT PRIMARY KEY, v BIGINT NOT NULL)");
          s.execute("CREATE TABLE log (id INT PRIMARY KEY, thread INT NOT NULL, v BIGINT)");
          StringBuilder sql = new StringBuilder("INSERT INTO kv VALUES ");
          for (int i = 0; i < ROWS; i++) {
            sql.append(i == 0 ? "" : ",").append('(').append(i).append(",0)");
          }
          s.executeUpdate(sql.toString());
        }
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger logIds = new AtomicInteger();
        AtomicLong increments = new AtomicLong();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          SplittableRandom random = new SplittableRandom(seed + t);
          workers.add(pool.submit(() -> {
            while (issued.getAndIncrement() < STATEMENTS && failures.isEmpty()) {
              try {
                runOne(ds, random, thread, logIds, increments, conflictRetries);
              } catch (SQLException | RuntimeException e) {
                failures.add("thread " + thread + ": " + e);
              }
            }
          }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.MINUTES)).as("seed %d: workers finished", seed).isTrue();
        for (Future<?> f : workers) {
          f.get();
        }
        assertThat(failures).as("seed %d", seed).isEmpty();
        expectedSum = increments.get();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT SUM(v) FROM kv")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).as("seed %d: every committed increment is there", seed).isEqualTo(expectedSum);
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM log")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).as("seed %d", seed).isEqualTo(logIds.get());
        }
        HikariPoolMXBean mx = ds.getHikariPoolMXBean();
        assertThat(mx.getActiveConnections()).as("seed %d: leaked connections", seed).isZero();
        assertThat(mx.getTotalConnections()).isEqualTo(POOL);
        assertThat(server.connectionCount()).as("seed %d", seed).isEqualTo(mx.getIdleConnections());
      }
      awaitNoConnections(server);
      System.out.printf("HikariPoolTest seed %d: %d statements, %d conflict retries%n", seed, STATEMENTS, conflictRetries.get());
    }
  }

  private static void runOne(HikariDataSource ds, SplittableRandom random, int thread, AtomicInteger logIds,
      AtomicLong increments, AtomicLong conflictRetries) throws SQLException {
    int kind = random.nextInt(10);
    try (Connection c = ds.getConnection()) {
      if (kind < 5) {
        try (PreparedStatement p = c.prepareStatement("SELECT v FROM kv WHERE id = ?")) {
          p.setInt(1, random.nextInt(ROWS));
          try (ResultSet rs = p.executeQuery()) {
            if (!rs.next()) {
              throw new IllegalStateException("a seeded row is missing");
            }
          }
        }
      } else if (kind < 7) {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO log VALUES (?, ?, ?)")) {
          p.setInt(1, logIds.incrementAndGet());
          p.setInt(2, thread);
          p.setLong(3, random.nextLong());
          p.executeUpdate();
        }
      } else if (kind < 9) {
        try (PreparedStatement p = c.prepareStatement("UPDATE kv SET v = v + 1 WHERE id = ?")) {
          p.setInt(1, random.nextInt(ROWS));
          if (p.executeUpdate() != 1) {
            throw new IllegalStateException("an update missed its row");
          }
          increments.incrementAndGet();
        }
      } else {
        transfer(c, random.nextInt(ROWS), random.nextInt(ROWS), increments, conflictRetries);
      }
    }
  }

  /** Adds 1 to two rows in one transaction, retrying the whole transaction on a write conflict. */
  private static void transfer(Connection c, int a, int b, AtomicLong increments, AtomicLong conflictRetries)
      throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement p = c.prepareStatement("UPDATE kv SET v = v + 1 WHERE id = ?")) {
      for (int attempt = 1; ; attempt++) {
        try {
          p.setInt(1, a);
          p.executeUpdate();
          p.setInt(1, b);
          p.executeUpdate();
          c.commit();
          increments.addAndGet(2);
          return;
        } catch (SQLException e) {
          c.rollback();
          if (e.getErrorCode() != 9007 || attempt == 50) {
            throw e;
          }
          conflictRetries.incrementAndGet();
        }
      }
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static void awaitNoConnections(CairnServer server) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.connectionCount() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.connectionCount()).as("server connections after the pool closed").isZero();
  }
}
