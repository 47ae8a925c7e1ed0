package io.cairn.coprocessor.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.FuncId;
import io.cairn.proto.dag.AggKind;
import io.cairn.proto.dag.DagRequest;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Concatenated pages equal one unpaged run, for random data, page sizes and directions. */
class PagingPropertyTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void pagesConcatenateToTheFullResult(long seed) {
    Random r = new Random(seed);
    DagFixture f = new DagFixture(seed, 1 + r.nextInt(700));
    MapKvSource source = new MapKvSource();
    f.write(source::put);
    boolean desc = r.nextBoolean();
    Expr cond = f.eb.call(FuncId.OR, f.eb.call(FuncId.GT, f.column(1), f.eb.intLiteral(r.nextInt(10))),
        f.eb.call(FuncId.IS_NULL, f.column(2)));
    DagRequest dag = DagFixture.dag(DagFixture.tableScan(desc), f.selection(cond));
    long page = 1 + r.nextInt(120);

    DagRun full = DagRun.run(DagRun.runner(), dag, DagFixture.tableRanges(), 0, source, null);
    DagRun paged = DagRun.run(DagRun.runner(), dag, DagFixture.tableRanges(), page, source, null);

    assertThat(paged.rows).as("seed %d page %d desc %s", seed, page, desc).hasSameSizeAs(full.rows);
    for (int i = 0; i < full.rows.size(); i++) {
      assertThat(paged.rows.get(i)).as("seed %d row %d", seed, i).containsExactly(full.rows.get(i));
    }
    assertThat(paged.pages).as("seed %d", seed).isGreaterThanOrEqualTo((int) (f.rows.size() / page));
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22, 23, 24})
  void pagedPartialCountsAddUpToTheFullCount(long seed) {
    Random r = new Random(seed);
    DagFixture f = new DagFixture(seed, 50 + r.nextInt(500));
    MapKvSource source = new MapKvSource();
    f.write(source::put);
    DagRequest dag = DagFixture.dag(DagFixture.tableScan(false),
        f.aggregation(false, List.of(), f.agg(AggKind.COUNT, f.column(1))));
    DagRun paged = DagRun.run(DagRun.runner(), dag, DagFixture.tableRanges(), 1 + r.nextInt(60), source, null);
    long total = paged.rows.stream().mapToLong(x -> (Long) x[0]).sum();
    assertThat(total).as("seed %d", seed).isEqualTo(f.rows.stream().filter(x -> x[1] != null).count());
  }
}
