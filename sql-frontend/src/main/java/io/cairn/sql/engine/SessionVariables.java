package io.cairn.sql.engine;

import io.cairn.sql.engine.SystemVariables.Definition;
import io.cairn.sql.engine.SystemVariables.Kind;
import io.cairn.sql.engine.SystemVariables.Scope;
import io.cairn.sql.session.SqlException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One session's system variables: a copy of the global values taken at connect, changed by
 * {@code SET [SESSION]}; GLOBAL-only and read-only variables are read from the server's {@link
 * SystemVariables}. Also the normalization of assigned values (ON/OFF/1/0 for BOOL, integers for
 * INT, isolation level spellings). Not thread-safe: owned by the session.
 */
final class SessionVariables {
  private final SystemVariables globals;
  private final Map<String, String> values = new HashMap<>();

  SessionVariables(SystemVariables globals) {
    this.globals = globals;
    values.putAll(globals.globals());
  }

  /** The session value of {@code name} as SHOW VARIABLES prints it (null for NULL). */
  String get(String name) {
    Definition d = SystemVariables.require(name);
    if (d.scope() == Scope.GLOBAL || d.scope() == Scope.READ_ONLY) {
      return globals.global(d.name());
    }
    return values.get(d.name());
  }

  /** The value {@code SELECT @@name} returns: Long for BOOL and INT variables, else String. */
  Object selectValue(String name, boolean global, boolean explicitSession) {
    Definition d = SystemVariables.require(name);
    if (explicitSession && d.scope() == Scope.GLOBAL) {
      throw new SqlException(1238, "HY000",
          "Variable '" + d.name() + "' is a GLOBAL variable");
    }
    String v = global ? globals.global(d.name()) : get(d.name());
    return typed(d, v);
  }

  static Object typed(Definition d, String v) {
    if (v == null) {
      return null;
    }
    return switch (d.kind()) {
      case BOOL -> "ON".equals(v) ? 1L : 0L;
      case INT -> {
        BigDecimal bd = new BigDecimal(v);
        yield bd.unscaledValue().bitLength() < 64 ? (Object) bd.longValueExact() : bd;
      }
      case STRING -> v;
    };
  }

  /** Sets the session value of {@code name}; {@code value} is an evaluator value or null. */
  void setSession(String name, Object value) {
    Definition d = SystemVariables.require(name);
    if (d.scope() == Scope.READ_ONLY) {
      throw SystemVariables.readOnly(d.name());
    }
    if (d.scope() == Scope.GLOBAL) {
      throw new SqlException(1229, "HY000", "Variable '" + d.name()
          + "' is a GLOBAL variable and should be set with SET GLOBAL");
    }
    String v = normalize(d, value);
    putSynonyms(d.name(), v, values);
  }

  /** Sets the global value of {@code name}. */
  void setGlobal(String name, Object value) {
    Definition d = SystemVariables.require(name);
    String v = normalize(d, value);
    Map<String, String> m = new HashMap<>();
    putSynonyms(d.name(), v, m);
    for (Map.Entry<String, String> e : m.entrySet()) {
      globals.setGlobal(e.getKey(), e.getValue());
    }
  }

  /** The session value reverts to the global one ({@code SET x = DEFAULT}). */
  void reset(String name) {
    Definition d = SystemVariables.require(name);
    putSynonyms(d.name(), globals.global(d.name()), values);
  }

  /** Every variable's session view, by name. */
  Map<String, String> all(boolean global) {
    Map<String, String> out = new TreeMap<>(globals.globals());
    if (!global) {
      for (String name : out.keySet()) {
        out.put(name, get(name));
      }
    }
    return out;
  }

  private static void putSynonyms(String name, String v, Map<String, String> m) {
    m.put(name, v);
    switch (name) {
      case "transaction_isolation" -> m.put("tx_isolation", v);
      case "tx_isolation" -> m.put("transaction_isolation", v);
      case "transaction_read_only" -> m.put("tx_read_only", v);
      case "tx_read_only" -> m.put("transaction_read_only", v);
      default -> { }
    }
  }

  private static String normalize(Definition d, Object value) {
    if (value == null) {
      if (d.name().equals("character_set_results") || d.kind() == Kind.STRING
          && d.name().startsWith("character_set")) {
        return null;
      }
      throw wrongValue(d.name(), "NULL");
    }
    String text = value instanceof String s ? s : io.cairn.coprocessor.expr.value.Convert.toStr(value, false);
    if (d.name().equals("tidb_read_staleness")) {
      return normalizeStaleness(text);
    }
    return switch (d.kind()) {
      case BOOL -> switch (text.toUpperCase(Locale.ROOT)) {
        case "ON", "1", "TRUE" -> "ON";
        case "OFF", "0", "FALSE" -> "OFF";
        default -> throw wrongValue(d.name(), text);
      };
      case INT -> {
        if (!(value instanceof Long || value instanceof BigDecimal bd && bd.scale() <= 0)) {
          throw new SqlException(1232, "42000", "Incorrect argument type to variable '" + d.name() + "'");
        }
        yield text;
      }
      case STRING -> normalizeString(d.name(), text);
    };
  }

  private static String normalizeString(String name, String text) {
    if (name.equals("transaction_isolation") || name.equals("tx_isolation")) {
      String v = text.toUpperCase(Locale.ROOT).replace(' ', '-');
      return switch (v) {
        case "READ-COMMITTED", "REPEATABLE-READ" -> v;
        // TiDB's answer: snapshot isolation cannot honestly be called either of these.
        case "READ-UNCOMMITTED", "SERIALIZABLE" -> throw new SqlException(8048, "HY000",
            "The isolation level '" + v + "' is not supported");
        default -> throw wrongValue(name, text);
      };
    }
    if (name.equals("tidb_txn_mode")) {
      String v = text.toLowerCase(Locale.ROOT);
      return switch (v) {
        case "pessimistic", "optimistic" -> v;
        default -> throw wrongValue(name, text);
      };
    }
    if (name.equals("tidb_replica_read")) {
      String v = text.toLowerCase(Locale.ROOT);
      return switch (v) {
        // TiDB reads an empty value as the default.
        case "" -> "leader";
        case "leader", "follower", "leader-and-follower", "closest-replicas", "closest-adaptive" -> v;
        default -> throw wrongValue(name, text);
      };
    }
    if (name.equals("sql_mode")) {
      return text.toUpperCase(Locale.ROOT);
    }
    return text;
  }

  /**
   * {@code tidb_read_staleness}: whole seconds, 0 or negative; the empty string (TiDB's way to
   * turn it off) is 0.
   */
  private static String normalizeStaleness(String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return "0";
    }
    long seconds;
    try {
      seconds = Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw wrongValue("tidb_read_staleness", text);
    }
    if (seconds > 0 || seconds < Integer.MIN_VALUE) {
      throw wrongValue("tidb_read_staleness", text);
    }
    return Long.toString(seconds);
  }

  static SqlException wrongValue(String name, String value) {
    return new SqlException(1231, "42000",
        "Variable '" + name + "' can't be set to the value of '" + value + "'");
  }
}
