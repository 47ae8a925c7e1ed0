package io.cairn.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.types.FieldType;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded randomized checks of {@link IndexJoinNode} against the {@link JoinNode} it replaces,
 * over an in-memory keyed table: same rows for every join kind it runs, outer rows in batches of
 * at most {@value IndexJoinNode#BATCH} (one lookup each, of distinct non-NULL keys), and the
 * plain join when lookups are switched off.
 */
class IndexJoinNodeTest {
  private static final FieldType INT = FieldType.bigint();
  private final EvalContext ctx = EvalContext.forSelect(ZoneOffset.UTC, Clock.systemUTC());

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void joinsAsTheHashJoinDoesInBatches(long seed) {
    Random rnd = new Random(seed);
    List<Object[]> innerRows = new ArrayList<>();
    for (long id = 0; id < 80; id++) {
      innerRows.add(new Object[] {id, (long) rnd.nextInt(5)});
    }
    KeyedTable inner = new KeyedTable(innerRows, true);
    List<Object[]> outerRows = new ArrayList<>();
    int n = rnd.nextInt(900);
    for (long i = 0; i < n; i++) {
      outerRows.add(new Object[] {i, rnd.nextInt(6) == 0 ? null : (long) rnd.nextInt(120) - 10});
    }
    ExecNode outer = new ValuesNode(List.of(INT, INT), outerRows);
    for (JoinKind kind : List.of(JoinKind.INNER, JoinKind.LEFT, JoinKind.SEMI, JoinKind.ANTI)) {
      String what = "seed " + seed + " " + kind;
      JoinNode plain = new JoinNode(outer, new ScanNode(inner, List.of()), kind, null, new int[] {1}, new int[] {0},
          new boolean[] {false});
      IndexJoinNode node = new IndexJoinNode(outer, inner, 1, 0, List.of(), kind, null, new int[] {1}, new int[] {0},
          new boolean[] {false}, plain);
      inner.lookups.clear();
      List<String> got = drain(node);
      assertThat(got).as(what).containsExactlyInAnyOrderElementsOf(drain(plain));
      int batches = (n + IndexJoinNode.BATCH - 1) / IndexJoinNode.BATCH;
      assertThat(inner.lookups).as(what).hasSizeLessThanOrEqualTo(batches);
      for (long[] keys : inner.lookups) {
        assertThat(keys.length).as(what).isLessThanOrEqualTo(IndexJoinNode.BATCH);
        assertThat(Arrays.stream(keys).distinct().count()).as(what).isEqualTo(keys.length);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {7})
  void switchedOffRunsThePlainJoin(long seed) {
    Random rnd = new Random(seed);
    List<Object[]> outerRows = new ArrayList<>();
    for (long i = 0; i < 10; i++) {
      outerRows.add(new Object[] {i, (long) rnd.nextInt(4)});
    }
    KeyedTable inner = new KeyedTable(List.of(new Object[] {1L, 1L}, new Object[] {2L, 2L}), false);
    ExecNode outer = new ValuesNode(List.of(INT, INT), outerRows);
    JoinNode plain = new JoinNode(outer, new ScanNode(inner, List.of()), JoinKind.LEFT, null, new int[] {1},
        new int[] {0}, new boolean[] {false});
    IndexJoinNode node = new IndexJoinNode(outer, inner, 1, 0, List.of(), JoinKind.LEFT, null, new int[] {1},
        new int[] {0}, new boolean[] {false}, plain);
    assertThat(drain(node)).as("seed " + seed).containsExactlyInAnyOrderElementsOf(drain(plain));
    assertThat(inner.lookups).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"RIGHT", "FULL"})
  void refusesJoinsThatEmitUnmatchedInnerRows(String kind) {
    KeyedTable inner = new KeyedTable(List.of(), true);
    ExecNode outer = new ValuesNode(List.of(INT, INT), List.of());
    JoinNode plain = new JoinNode(outer, new ScanNode(inner, List.of()), JoinKind.valueOf(kind), null, new int[] {1},
        new int[] {0}, new boolean[] {false});
    assertThatThrownBy(() -> new IndexJoinNode(outer, inner, 1, 0, List.of(), JoinKind.valueOf(kind), null,
        new int[] {1}, new int[] {0}, new boolean[] {false}, plain))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(kind);
  }

  private List<String> drain(ExecNode node) {
    List<String> out = new ArrayList<>();
    try (Executor e = node.open(ctx)) {
      for (List<Object[]> b = e.next(); b != null; b = e.next()) {
        assertThat(b).isNotEmpty();
        b.forEach(r -> out.add(Arrays.toString(r)));
      }
    }
    return out;
  }

  /** Rows (id, w) looked up by id; records every lookup's keys. */
  private static final class KeyedTable implements KeyLookupSource {
    private final InMemoryTableSource rows;
    private final boolean enabled;
    final List<long[]> lookups = new ArrayList<>();

    KeyedTable(List<Object[]> rows, boolean enabled) {
      this.rows = new InMemoryTableSource("test", "inner",
          List.of(new TableColumn("id", INT), new TableColumn("w", INT)), rows);
      this.enabled = enabled;
    }

    @Override
    public String schema() {
      return "test";
    }

    @Override
    public String name() {
      return "inner";
    }

    @Override
    public List<TableColumn> columns() {
      return rows.columns();
    }

    @Override
    public Executor scan(EvalContext ctx) {
      return rows.scan(ctx);
    }

    @Override
    public String lookupKey(int column) {
      return column == 0 ? "handle:id" : null;
    }

    @Override
    public boolean lookupEnabled() {
      return enabled;
    }

    @Override
    public List<Object[]> lookup(int column, long[] keys) {
      lookups.add(keys.clone());
      HashSet<Long> wanted = new HashSet<>();
      Arrays.stream(keys).forEach(wanted::add);
      List<Object[]> out = new ArrayList<>();
      try (Executor e = rows.scan(null)) {
        for (List<Object[]> b = e.next(); b != null; b = e.next()) {
          b.stream().filter(r -> wanted.contains((Long) r[column])).forEach(out::add);
        }
      }
      return out;
    }
  }
}
