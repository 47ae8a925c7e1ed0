package io.cairn.server.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.DriverRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a client saw committed on the embedded store is there after the server restarts. */
@Tag("slow")
class EmbeddedRestartTest {

  @TempDir Path dir;

  private CairnServer start() throws Exception {
    ServerConfig config = new ServerConfig("embedded://" + dir.resolve("data"), "127.0.0.1", 0, -1, 10,
        Duration.ofSeconds(5), null);
    return CairnServer.start(config, DriverRegistry.load(getClass().getClassLoader()));
  }

  private static Connection connect(CairnServer server) throws Exception {
    return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port() + "/?user=root&sslMode=DISABLED");
  }

  @Test
  void committedRowsAndSchemaSurviveARestart() throws Exception {
    try (CairnServer server = start(); Connection c = connect(server); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE d");
      s.execute("CREATE TABLE d.t (id INT PRIMARY KEY, v VARCHAR(20), KEY kv (v))");
      for (int i = 0; i < 50; i++) {
        s.executeUpdate("INSERT INTO d.t VALUES (" + i + ", 'v" + i + "')");
      }
    }
    try (CairnServer server = start(); Connection c = connect(server); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(v) FROM d.t")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(50);
      assertThat(rs.getString(2)).isEqualTo("v9");
    }
  }
}
