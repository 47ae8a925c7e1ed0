package io.cairn.sql.engine;

import io.cairn.sql.session.SqlException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's system variables: their definitions (scope, kind, MySQL 8.0 default) and the
 * global values, shared by all sessions. A session copies the global values when it opens
 * ({@link SessionVariables}). Values are kept as MySQL shows them in SHOW VARIABLES ("ON",
 * "REPEATABLE-READ", "67108864"); {@code SELECT @@x} turns BOOL variables into 1/0 and INT
 * variables into integers, as MySQL does.
 *
 * <p>The defaults answer what clients ask at connect (Connector/J's
 * {@code SELECT @@session.auto_increment_increment, @@character_set_client, ...} and the mysql
 * CLI's {@code SELECT @@version_comment}) exactly as a MySQL 8.0 server would, with Cairn's
 * version and license. Thread-safe.
 */
final class SystemVariables {

  /** How a variable's value is typed in {@code SELECT @@x}. */
  enum Kind { BOOL, INT, STRING }

  /** Where a variable may be set. {@code READ_ONLY} ones cannot be set at all. */
  enum Scope { GLOBAL, SESSION, BOTH, READ_ONLY }

  /** One variable: name (lower case), kind, scope and default value (null for NULL). */
  record Definition(String name, Kind kind, Scope scope, String defaultValue) {}

  static final String VERSION = "8.0.11-Cairn-0.1.0";

  private static final Map<String, Definition> DEFINITIONS = definitions();

  private final Map<String, String> globals = new ConcurrentHashMap<>();

  /** The variables that are the storage's runtime options ({@link io.cairn.kv.Storage#setOption}). */
  static final java.util.Set<String> STORAGE_OPTIONS = java.util.Set.of(
      "cairn_backoff_budget_cop_ms", "cairn_backoff_budget_read_ms", "cairn_backoff_budget_write_ms",
      "cairn_copr_cache_capacity_mb", "cairn_enable_rpc_trace", "tidb_enable_1pc", "tidb_enable_resource_control");

  SystemVariables() {
    for (Definition d : DEFINITIONS.values()) {
      if (d.defaultValue() != null) {
        globals.put(d.name(), d.defaultValue());
      }
    }
  }

  private static Map<String, Definition> definitions() {
    Map<String, Definition> m = new LinkedHashMap<>();
    String sqlMode = "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
        + "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";
    def(m, "auto_increment_increment", Kind.INT, Scope.BOTH, "1");
    def(m, "auto_increment_offset", Kind.INT, Scope.BOTH, "1");
    def(m, "autocommit", Kind.BOOL, Scope.BOTH, "ON");
    // Cairn's own: whether table reads run their filters, aggregates and TopN on the storage
    // nodes (the coprocessor). OFF computes everything at the root; results are the same.
    def(m, "cairn_coprocessor_pushdown", Kind.BOOL, Scope.BOTH, "ON");
    // Cairn's own: whether an equi-join whose inner side is a stored table keyed by the join
    // key may read that side by key lookups per batch of outer rows. OFF keeps the hash join.
    def(m, "cairn_index_join", Kind.BOOL, Scope.BOTH, "ON");
    def(m, "character_set_client", Kind.STRING, Scope.BOTH, "utf8mb4");
    def(m, "character_set_connection", Kind.STRING, Scope.BOTH, "utf8mb4");
    def(m, "character_set_database", Kind.STRING, Scope.BOTH, "utf8mb4");
    def(m, "character_set_filesystem", Kind.STRING, Scope.BOTH, "binary");
    def(m, "character_set_results", Kind.STRING, Scope.BOTH, "utf8mb4");
    def(m, "character_set_server", Kind.STRING, Scope.BOTH, "utf8mb4");
    def(m, "character_set_system", Kind.STRING, Scope.READ_ONLY, "utf8");
    def(m, "collation_connection", Kind.STRING, Scope.BOTH, "utf8mb4_bin");
    def(m, "collation_database", Kind.STRING, Scope.BOTH, "utf8mb4_bin");
    def(m, "collation_server", Kind.STRING, Scope.BOTH, "utf8mb4_bin");
    def(m, "connect_timeout", Kind.INT, Scope.GLOBAL, "10");
    def(m, "default_authentication_plugin", Kind.STRING, Scope.READ_ONLY, "mysql_native_password");
    def(m, "default_storage_engine", Kind.STRING, Scope.BOTH, "InnoDB");
    def(m, "default_week_format", Kind.INT, Scope.BOTH, "0");
    def(m, "div_precision_increment", Kind.INT, Scope.BOTH, "4");
    def(m, "explicit_defaults_for_timestamp", Kind.BOOL, Scope.BOTH, "ON");
    def(m, "foreign_key_checks", Kind.BOOL, Scope.BOTH, "ON");
    def(m, "group_concat_max_len", Kind.INT, Scope.BOTH, "1024");
    def(m, "have_openssl", Kind.STRING, Scope.READ_ONLY, "DISABLED");
    def(m, "have_ssl", Kind.STRING, Scope.READ_ONLY, "DISABLED");
    def(m, "hostname", Kind.STRING, Scope.READ_ONLY, "localhost");
    def(m, "init_connect", Kind.STRING, Scope.GLOBAL, "");
    def(m, "innodb_lock_wait_timeout", Kind.INT, Scope.BOTH, "50");
    def(m, "interactive_timeout", Kind.INT, Scope.BOTH, "28800");
    def(m, "license", Kind.STRING, Scope.READ_ONLY, "Apache License 2.0");
    def(m, "lock_wait_timeout", Kind.INT, Scope.BOTH, "31536000");
    def(m, "lower_case_table_names", Kind.INT, Scope.READ_ONLY, "2");
    def(m, "max_allowed_packet", Kind.INT, Scope.BOTH, "67108864");
    def(m, "max_connections", Kind.INT, Scope.GLOBAL, "151");
    def(m, "max_error_count", Kind.INT, Scope.BOTH, "1024");
    def(m, "max_execution_time", Kind.INT, Scope.BOTH, "0");
    def(m, "net_buffer_length", Kind.INT, Scope.BOTH, "16384");
    def(m, "net_read_timeout", Kind.INT, Scope.BOTH, "30");
    def(m, "net_write_timeout", Kind.INT, Scope.BOTH, "60");
    def(m, "performance_schema", Kind.BOOL, Scope.READ_ONLY, "OFF");
    def(m, "port", Kind.INT, Scope.READ_ONLY, "4000");
    def(m, "protocol_version", Kind.INT, Scope.READ_ONLY, "10");
    def(m, "query_cache_size", Kind.INT, Scope.GLOBAL, "1048576");
    def(m, "query_cache_type", Kind.STRING, Scope.BOTH, "OFF");
    def(m, "session_track_schema", Kind.BOOL, Scope.BOTH, "ON");
    // MySQL 8's default; a change of a variable named here (or of any, for '*') reaches a
    // client that tracks session state in the statement's OK packet.
    def(m, "session_track_system_variables", Kind.STRING, Scope.BOTH,
        "time_zone,autocommit,character_set_client,character_set_results,character_set_connection");
    def(m, "sql_auto_is_null", Kind.BOOL, Scope.BOTH, "OFF");
    def(m, "sql_mode", Kind.STRING, Scope.BOTH, sqlMode);
    def(m, "sql_notes", Kind.BOOL, Scope.BOTH, "ON");
    def(m, "sql_safe_updates", Kind.BOOL, Scope.BOTH, "OFF");
    def(m, "sql_select_limit", Kind.INT, Scope.BOTH, "18446744073709551615");
    def(m, "sql_warnings", Kind.BOOL, Scope.BOTH, "OFF");
    def(m, "system_time_zone", Kind.STRING, Scope.READ_ONLY, "UTC");
    // Bytes one query's executors may hold (sorts, hash tables, windows, results); 0 or less: no limit.
    // How many region tasks of one coprocessor request run at once (TiDB's default).
    def(m, "tidb_distsql_scan_concurrency", Kind.INT, Scope.BOTH, "15");
    // The storage's runtime options (Storage.setOption): SET GLOBAL changes them in the running
    // storage; the engine starts from the storage's own values.
    def(m, "cairn_backoff_budget_cop_ms", Kind.INT, Scope.GLOBAL, "20000");
    def(m, "cairn_backoff_budget_read_ms", Kind.INT, Scope.GLOBAL, "20000");
    def(m, "cairn_backoff_budget_write_ms", Kind.INT, Scope.GLOBAL, "40000");
    def(m, "cairn_copr_cache_capacity_mb", Kind.STRING, Scope.GLOBAL, "64");
    def(m, "cairn_enable_rpc_trace", Kind.BOOL, Scope.GLOBAL, "OFF");
    def(m, "tidb_enable_resource_control", Kind.BOOL, Scope.GLOBAL, "OFF");
    def(m, "tidb_enable_1pc", Kind.BOOL, Scope.GLOBAL, "OFF");
    def(m, "tidb_mem_quota_query", Kind.INT, Scope.BOTH, "1073741824");
    // Seconds into the past autocommit reads look (0 or negative; 0 reads the newest data).
    def(m, "tidb_read_staleness", Kind.INT, Scope.SESSION, "0");
    // Which replicas serve reads: leader, follower, leader-and-follower, closest-replicas,
    // closest-adaptive.
    def(m, "tidb_replica_read", Kind.STRING, Scope.BOTH, "leader");
    def(m, "tidb_txn_mode", Kind.STRING, Scope.BOTH, "pessimistic");
    def(m, "time_zone", Kind.STRING, Scope.BOTH, "SYSTEM");
    def(m, "transaction_isolation", Kind.STRING, Scope.BOTH, "REPEATABLE-READ");
    def(m, "transaction_read_only", Kind.BOOL, Scope.BOTH, "OFF");
    def(m, "tx_isolation", Kind.STRING, Scope.BOTH, "REPEATABLE-READ");
    def(m, "tx_read_only", Kind.BOOL, Scope.BOTH, "OFF");
    def(m, "unique_checks", Kind.BOOL, Scope.BOTH, "ON");
    def(m, "version", Kind.STRING, Scope.READ_ONLY, VERSION);
    def(m, "version_comment", Kind.STRING, Scope.READ_ONLY,
        "Cairn Server (Apache License 2.0), MySQL 8.0 compatible");
    def(m, "version_compile_machine", Kind.STRING, Scope.READ_ONLY, "x86_64");
    def(m, "version_compile_os", Kind.STRING, Scope.READ_ONLY, "Linux");
    def(m, "wait_timeout", Kind.INT, Scope.BOTH, "28800");
    return Collections.unmodifiableMap(m);
  }

  private static void def(Map<String, Definition> m, String name, Kind kind, Scope scope, String value) {
    m.put(name, new Definition(name, kind, scope, value));
  }

  /** The definition of {@code name} (any case). */
  static Optional<Definition> definition(String name) {
    return Optional.ofNullable(DEFINITIONS.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The definition of {@code name}, or error 1193. */
  static Definition require(String name) {
    return definition(name).orElseThrow(
        () -> new SqlException(1193, "HY000", "Unknown system variable '" + name + "'"));
  }

  /** The global value of {@code name} (null for NULL). */
  String global(String name) {
    return globals.get(require(name).name());
  }

  /** Sets a global value, already normalized by the caller. */
  void setGlobal(String name, String value) {
    Definition d = require(name);
    if (d.scope() == Scope.READ_ONLY) {
      throw readOnly(d.name());
    }
    if (d.scope() == Scope.SESSION) {
      throw new SqlException(1228, "HY000",
          "Variable '" + d.name() + "' is a SESSION variable and can't be used with SET GLOBAL");
    }
    if (value == null) {
      globals.remove(d.name());
    } else {
      globals.put(d.name(), value);
    }
  }

  /** A snapshot of every global value, by name. */
  Map<String, String> globals() {
    Map<String, String> out = new TreeMap<>();
    for (Definition d : DEFINITIONS.values()) {
      out.put(d.name(), globals.get(d.name()));
    }
    return out;
  }

  static SqlException readOnly(String name) {
    return new SqlException(1238, "HY000", "Variable '" + name + "' is a read only variable");
  }
}
