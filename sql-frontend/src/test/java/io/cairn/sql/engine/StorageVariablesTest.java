package io.cairn.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.Storage;
import io.cairn.kv.testing.MemoryStorage;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.session.StatementResult;
import io.cairn.sql.testing.ForwardingStorage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** SET GLOBAL of the storage's runtime options reaches the running storage ({@link Storage#setOption}). */
class StorageVariablesTest {

  @Test
  void setGlobalChangesTheStorageAndTheVariableShowsIt() {
    try (OptionStorage storage = new OptionStorage(); SqlEngine engine = SqlEngine.open(storage);
        Session s = engine.open(1, "root", "h", null, Map.of())) {
      assertThat(value(s, "SELECT @@global.cairn_copr_cache_capacity_mb")).isEqualTo("8");
      assertThat(value(s, "SELECT @@global.tidb_enable_resource_control")).isEqualTo("1");
      s.execute("SET GLOBAL cairn_copr_cache_capacity_mb = '0.5'");
      s.execute("SET GLOBAL tidb_enable_resource_control = OFF");
      assertThat(storage.options()).containsEntry("cairn_copr_cache_capacity_mb", "0.5")
          .containsEntry("tidb_enable_resource_control", "OFF");
      assertThat(value(s, "SELECT @@global.cairn_copr_cache_capacity_mb")).isEqualTo("0.5");
      assertThatThrownBy(() -> s.execute("SET GLOBAL cairn_copr_cache_capacity_mb = 'lots'"))
          .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.errno()).isEqualTo(1231));
      assertThat(value(s, "SELECT @@global.cairn_copr_cache_capacity_mb")).as("unchanged").isEqualTo("0.5");
      assertThatThrownBy(() -> s.execute("SET cairn_copr_cache_capacity_mb = 1"))
          .isInstanceOf(SqlException.class);
    }
  }

  @Test
  void aStorageWithoutTheOptionRefusesIt() {
    try (MemoryStorage storage = new MemoryStorage("plain"); SqlEngine engine = SqlEngine.open(storage);
        Session s = engine.open(1, "root", "h", null, Map.of())) {
      assertThatThrownBy(() -> s.execute("SET GLOBAL cairn_enable_rpc_trace = ON"))
          .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.errno()).isEqualTo(1235));
      assertThat(value(s, "SELECT @@global.cairn_enable_rpc_trace")).isEqualTo("0");
    }
  }

  private static String value(Session s, String sql) {
    StatementResult.Rows r = (StatementResult.Rows) s.execute(sql);
    assertThat(r.next()).isTrue();
    String v = new String(r.row().text(0), StandardCharsets.UTF_8);
    r.close();
    return v;
  }

  /** A memory storage with two options, accepting decimal capacities and ON/OFF. */
  private static final class OptionStorage extends ForwardingStorage {
    private final Map<String, String> options = new TreeMap<>(Map.of(
        "cairn_copr_cache_capacity_mb", "8", "tidb_enable_resource_control", "on"));

    OptionStorage() {
      super(new MemoryStorage("options"));
    }

    @Override
    public synchronized void setOption(String name, String value) {
      String key = name.toLowerCase(Locale.ROOT);
      if (!options.containsKey(key)) {
        throw new IllegalArgumentException("no option " + name);
      }
      if (key.equals("cairn_copr_cache_capacity_mb")) {
        try {
          new java.math.BigDecimal(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not a number: " + value);
        }
      }
      options.put(key, value.toUpperCase(Locale.ROOT));
    }

    @Override
    public synchronized Map<String, String> options() {
      return Map.copyOf(options);
    }

    @Override
    public String describe() {
      return "options(" + inner.describe() + ")";
    }
  }
}
