package io.cairn.tikv.txn;

import io.cairn.tikv.config.BackoffBudgets;
import io.cairn.tikv.config.ReplicaReadMode;
import io.cairn.tikv.config.RuntimeSettings;
import io.cairn.tikv.copr.CopConfig;
import io.cairn.tikv.copr.CoprCache;
import io.cairn.tikv.resource.ResourceControlInterceptor;
import io.cairn.tikv.rpc.RpcTracing;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The runtime options of a {@link TikvStorage} ({@link io.cairn.kv.Storage#setOption}): each
 * name parses its value and applies it to the component it controls. TiDB's global variables
 * keep TiDB's names and values; the driver's own settings carry a {@code cairn_} prefix.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>name</th><th>values</th><th>controls</th></tr>
 *   <tr><td>{@value #RESOURCE_CONTROL}</td><td>{@code ON}/{@code OFF} ({@code 1}/{@code 0},
 *       {@code TRUE}/{@code FALSE})</td><td>request-unit accounting and throttling by resource
 *       group (off when the storage opens)</td></tr>
 *   <tr><td>{@value #REPLICA_READ}</td><td>{@code leader}, {@code follower}, {@code
 *       leader-and-follower}, {@code closest-replicas}</td><td>the replicas serving reads whose
 *       options ask for the leader (kv-interface's default)</td></tr>
 *   <tr><td>{@value #READ_BUDGET}</td><td>0–3600000</td><td>backoff budget of a get, batch-get
 *       batch or scan, in ms (20000)</td></tr>
 *   <tr><td>{@value #WRITE_BUDGET}</td><td>0–3600000</td><td>backoff budget of a prewrite,
 *       commit or pessimistic-lock batch, in ms (40000)</td></tr>
 *   <tr><td>{@value #COP_BUDGET}</td><td>0–3600000</td><td>backoff budget of a coprocessor
 *       region task, in ms (20000)</td></tr>
 *   <tr><td>{@value #COPR_CACHE_MB}</td><td>a decimal number of MiB, 0–1048576; 0 disables
 *       </td><td>the coprocessor result cache's capacity (64)</td></tr>
 *   <tr><td>{@value #RPC_TRACE}</td><td>{@code ON}/{@code OFF}</td><td>a client span per RPC
 *       and the W3C trace context in its gRPC metadata ({@link RpcTracing}; off when the storage
 *       opens)</td></tr>
 *   <tr><td>{@value #ENABLE_1PC}</td><td>{@code ON}/{@code OFF}</td><td>one-phase commit of
 *       small transactions whose keys lie in one region ({@link TwoPhaseCommitter}; off when the
 *       storage opens)</td></tr>
 * </table>
 *
 * Thread-safe: every option is applied by one volatile write (or under the cache's lock).
 */
final class StorageOptions {

  static final String RESOURCE_CONTROL = "tidb_enable_resource_control";
  static final String REPLICA_READ = "tidb_replica_read";
  static final String READ_BUDGET = "cairn_backoff_budget_read_ms";
  static final String WRITE_BUDGET = "cairn_backoff_budget_write_ms";
  static final String COP_BUDGET = "cairn_backoff_budget_cop_ms";
  static final String COPR_CACHE_MB = "cairn_copr_cache_capacity_mb";
  static final String RPC_TRACE = "cairn_enable_rpc_trace";
  static final String ENABLE_1PC = "tidb_enable_1pc";

  private record Option(Consumer<String> set, Supplier<String> get) {}

  private final Map<String, Option> options = new LinkedHashMap<>();

  StorageOptions(RuntimeSettings settings, ResourceControlInterceptor resourceControl, CoprCache coprCache,
      RpcTracing tracing) {
    options.put(RESOURCE_CONTROL, new Option(
        v -> resourceControl.setEnabled(parseSwitch(RESOURCE_CONTROL, v)),
        () -> resourceControl.isEnabled() ? "ON" : "OFF"));
    options.put(REPLICA_READ, new Option(
        v -> settings.setReplicaRead(parseReplicaRead(v)),
        () -> replicaReadName(settings.replicaRead())));
    options.put(READ_BUDGET, new Option(
        v -> settings.setBudgets(settings.budgets().withReadMillis(parseMillis(READ_BUDGET, v))),
        () -> Long.toString(settings.budgets().readMillis())));
    options.put(WRITE_BUDGET, new Option(
        v -> settings.setBudgets(settings.budgets().withWriteMillis(parseMillis(WRITE_BUDGET, v))),
        () -> Long.toString(settings.budgets().writeMillis())));
    options.put(COP_BUDGET, new Option(
        v -> settings.setBudgets(settings.budgets().withCopMillis(parseMillis(COP_BUDGET, v))),
        () -> Long.toString(settings.budgets().copMillis())));
    options.put(COPR_CACHE_MB, new Option(
        v -> coprCache.setCapacityBytes(CopConfig.capacityFromMib(COPR_CACHE_MB, v)),
        () -> CopConfig.capacityToMib(coprCache.capacityBytes())));
    options.put(RPC_TRACE, new Option(
        v -> tracing.setEnabled(parseSwitch(RPC_TRACE, v)),
        () -> tracing.isEnabled() ? "ON" : "OFF"));
    options.put(ENABLE_1PC, new Option(
        v -> settings.setOnePcEnabled(parseSwitch(ENABLE_1PC, v)),
        () -> settings.onePcEnabled() ? "ON" : "OFF"));
  }

  /**
   * @throws IllegalArgumentException for an unknown name or a value the option does not take
   */
  void set(String name, String value) {
    Option o = name == null ? null : options.get(name.toLowerCase(Locale.ROOT));
    if (o == null) {
      throw new IllegalArgumentException("unknown storage option '" + name + "' (known: "
          + String.join(", ", options.keySet()) + ")");
    }
    if (value == null) {
      throw new IllegalArgumentException("storage option " + name + " needs a value");
    }
    o.set().accept(value.trim());
  }

  /** Every option with its current value, in the order of the table above. */
  Map<String, String> current() {
    Map<String, String> out = new LinkedHashMap<>();
    options.forEach((name, o) -> out.put(name, o.get().get()));
    return java.util.Collections.unmodifiableMap(out);
  }

  private static boolean parseSwitch(String name, String v) {
    return switch (v.toUpperCase(Locale.ROOT)) {
      case "ON", "1", "TRUE" -> true;
      case "OFF", "0", "FALSE" -> false;
      default -> throw new IllegalArgumentException(name + " takes ON or OFF, not '" + v + "'");
    };
  }

  static ReplicaReadMode parseReplicaRead(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "leader" -> ReplicaReadMode.LEADER;
      case "follower" -> ReplicaReadMode.FOLLOWER;
      case "leader-and-follower" -> ReplicaReadMode.LEADER_AND_FOLLOWER;
      case "closest-replicas" -> ReplicaReadMode.CLOSEST_REPLICAS;
      default -> throw new IllegalArgumentException(REPLICA_READ
          + " takes leader, follower, leader-and-follower or closest-replicas, not '" + v + "'");
    };
  }

  static String replicaReadName(ReplicaReadMode mode) {
    return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static long parseMillis(String name, String v) {
    long ms;
    try {
      ms = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " takes a number of milliseconds, not '" + v + "'", e);
    }
    if (ms < 0 || ms > BackoffBudgets.MAX_MILLIS) {
      throw new IllegalArgumentException(name + " must be in [0, " + BackoffBudgets.MAX_MILLIS + "], not " + v);
    }
    return ms;
  }
}
