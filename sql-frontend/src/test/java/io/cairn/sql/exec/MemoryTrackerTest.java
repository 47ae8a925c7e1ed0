package io.cairn.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.EvalException;
import io.cairn.coprocessor.expr.types.FieldType;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The per-query memory quota: accounting by the materializing executors, error 8175, release on close. */
class MemoryTrackerTest {
  private static final FieldType INT = FieldType.bigint();
  private static final FieldType STR = FieldType.varchar();
  private final EvalContext ctx = EvalContext.forSelect(ZoneOffset.UTC, Clock.systemUTC());

  private static ValuesNode rows(int n) {
    List<Object[]> rows = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      rows.add(new Object[] {n - i, "value-" + i % 7});
    }
    return new ValuesNode(List.of(INT, STR), rows);
  }

  private static void drainAndClose(ExecNode node, EvalContext ctx, MemoryTracker memory) {
    try (Executor e = node.open(ctx, memory)) {
      Rows.drain(e);
    }
  }

  @Test
  void overTheQuotaFailsWith8175NamingTheConnection() {
    MemoryTracker t = new MemoryTracker(100, 42);
    t.consume(60);
    assertThatThrownBy(() -> t.consume(60))
        .isInstanceOfSatisfying(EvalException.class, e -> assertThat(e.errno()).isEqualTo(8175))
        .hasMessage("Your query has been cancelled due to exceeding the allowed memory limit for a single SQL "
            + "query. Please try narrowing your query scope or increase the tidb_mem_quota_query limit and try "
            + "again.[conn=42]");
    t.release(120);
    assertThat(t.consumed()).isZero();
    assertThat(t.peak()).isEqualTo(120);
  }

  @Test
  void zeroQuotaOnlyCounts() {
    MemoryTracker t = new MemoryTracker(0, 1);
    t.consume(Long.MAX_VALUE / 2);
    assertThat(t.consumed()).isEqualTo(Long.MAX_VALUE / 2);
  }

  @Test
  void rowEstimateGrowsWithStringLength() {
    assertThat(MemoryTracker.rowBytes(new Object[] {1L, "x".repeat(1000)}))
        .isGreaterThan(MemoryTracker.rowBytes(new Object[] {1L, "x"}) + 900);
    assertThat(MemoryTracker.rowBytes(new Object[] {null})).isPositive();
  }

  @Test
  void materializingExecutorsAccountWhileOpenAndReleaseOnClose() {
    ValuesNode in = rows(1000);
    List<ExecNode> nodes = List.of(
        new SortNode(in, new int[] {0}, new boolean[] {false}, 0, -1),
        new HashAggNode(in, new int[] {0}, List.of(new AggCall(AggKind.COUNT, new int[0], false, INT))),
        new JoinNode(in, in, JoinKind.INNER, null, new int[] {0}, new int[] {0}, new boolean[] {false}),
        new UnionNode(List.of(in, in), List.of(INT, STR), false),
        new WindowNode(in, new int[0], new int[] {0}, new boolean[] {false}, WindowFrame.wholePartition(),
            List.of(new WindowCall(WindowCall.Kind.ROW_NUMBER, -1, 0, null, null, INT))));
    for (ExecNode node : nodes) {
      MemoryTracker t = MemoryTracker.unlimited();
      try (Executor e = node.open(ctx, t)) {
        e.next();
        assertThat(t.consumed()).as("%s holds its rows", node.getClass().getSimpleName())
            .isGreaterThan(1000L * 24);
      }
      assertThat(t.consumed()).as("%s released", node.getClass().getSimpleName()).isZero();
      MemoryTracker small = new MemoryTracker(10_000, 7);
      assertThatThrownBy(() -> drainAndClose(node, ctx, small)).as(node.getClass().getSimpleName())
          .isInstanceOfSatisfying(EvalException.class, x -> assertThat(x.errno()).isEqualTo(8175));
      assertThat(small.consumed()).as("%s released after failing", node.getClass().getSimpleName()).isZero();
    }
  }

  @Test
  void streamingExecutorsHoldNothing() {
    MemoryTracker t = new MemoryTracker(1, 1);
    drainAndClose(new SortNode(rows(5000), new int[0], new boolean[0], 0, 10), ctx, t);
    drainAndClose(new UnionNode(List.of(rows(100), rows(100)), List.of(INT, STR), true), ctx, t);
    assertThat(t.peak()).isZero();
  }

  /**
   * The cost of accounting on a 100k-row sort: the estimate and consume calls it makes, timed on
   * their own, against the whole sort. Prints both; fails only if accounting is not clearly the
   * smaller part.
   */
  @Test
  @Tag("slow")
  void accountingIsCheapNextToA100kRowSort() {
    Random rnd = new Random(7);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      rows.add(new Object[] {(long) rnd.nextInt(), "name-" + rnd.nextInt(1000), (long) i});
    }
    ValuesNode in = new ValuesNode(List.of(INT, STR, INT), rows);
    SortNode sort = new SortNode(in, new int[] {1, 0}, new boolean[] {false, true}, 0, -1);
    long bestSort = Long.MAX_VALUE;
    long bestAccounting = Long.MAX_VALUE;
    for (int round = 0; round < 7; round++) {
      long t0 = System.nanoTime();
      drainAndClose(sort, ctx, new MemoryTracker(1L << 30, 1));
      bestSort = Math.min(bestSort, System.nanoTime() - t0);
      MemoryTracker t = new MemoryTracker(1L << 30, 1);
      long t1 = System.nanoTime();
      for (int b = 0; b < rows.size(); b += Executor.BATCH_SIZE) {
        long bytes = 0;
        for (Object[] r : rows.subList(b, Math.min(rows.size(), b + Executor.BATCH_SIZE))) {
          bytes += MemoryTracker.rowBytes(r);
        }
        t.consume(bytes);
      }
      bestAccounting = Math.min(bestAccounting, System.nanoTime() - t1);
    }
    System.out.printf("100k-row sort: %.1f ms in all, of which accounting %.2f ms (%.1f%%)%n", bestSort / 1e6,
        bestAccounting / 1e6, 100.0 * bestAccounting / bestSort);
    assertThat(bestAccounting).isLessThan(bestSort / 5);
  }
}
