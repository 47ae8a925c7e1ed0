package io.cairn.coprocessor.exec;

import io.cairn.codec.KeyRange;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.proto.dag.Chunk;
import io.cairn.proto.dag.DagRequest;
import io.cairn.proto.dag.DagResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Runs a DAG request and decodes its rows; with paging, runs page after page. */
public final class DagRun {
  public final List<Object[]> rows = new ArrayList<>();
  public DagResponse tail;
  public int pages;

  public static DagRun run(DagRunner runner, DagRequest dag, List<KeyRange> ranges, long paging,
      KvSource source, Instant deadline) {
    DagRun out = new DagRun();
    List<KeyRange> remaining = ranges;
    boolean desc = dag.getExecutors(0).hasTableScan()
        ? dag.getExecutors(0).getTableScan().getDesc()
        : dag.getExecutors(0).getIndexScan().getDesc();
    while (true) {
      List<Chunk> chunks = new ArrayList<>();
      DagResponse tail = runner.run(dag, remaining, paging, source, deadline, chunks::add);
      out.pages++;
      out.tail = tail;
      List<FieldType> types = tail.getOutputTypesList().stream().map(DagCodec::fromProto).toList();
      ChunkCodec codec = new ChunkCodec(new ValueBridge(java.time.ZoneOffset.UTC));
      for (Chunk c : chunks) {
        out.rows.addAll(codec.decode(c.getRowsData().toByteArray(), c.getRowCount(), types));
      }
      if (!tail.getHasMore()) {
        return out;
      }
      remaining = ScanExecutor.remainingRanges(remaining, tail.getLastKey().toByteArray(), desc);
    }
  }

  public static DagRunner runner() {
    return new DagRunner(Clock.systemUTC(), RunLimits.UNLIMITED);
  }
}
