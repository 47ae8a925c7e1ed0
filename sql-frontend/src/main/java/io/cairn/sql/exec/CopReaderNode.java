package io.cairn.sql.exec;

import io.cairn.coprocessor.exec.Dag;
import io.cairn.coprocessor.exec.ValueBridge;
import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.Warning;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.kv.CopRequest;
import io.cairn.kv.CopRequestType;
import io.cairn.kv.CopResponse;
import io.cairn.kv.CopResponseIterator;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows computed by the storage nodes: one coprocessor request per execution, running {@code dag}
 * (the source's scan and the operators pushed onto it) through the storage's {@link
 * io.cairn.kv.Client} over the key ranges {@link PushdownSource#pushdownReads} gives, at the
 * transaction's snapshot. The request carries the statement's evaluation settings (sql_mode,
 * time zone, start instant, div_precision_increment), so the nodes evaluate as the root would.
 * Responses stream in key order; warnings the nodes raised join the statement's, and an
 * expression error a node met is raised as the statement's own error.
 *
 * <p>Only a {@link PushdownChoiceNode} opens this node, after it has seen that the execution can
 * push down.
 */
public record CopReaderNode(PushdownSource source, List<Object> params, Dag dag, int divPrecisionIncrement)
    implements ExecNode {

  public CopReaderNode {
    params = java.util.Collections.unmodifiableList(new ArrayList<>(params));
  }

  @Override
  public List<FieldType> types() {
    return dag.outputTypes();
  }

  @Override
  public Executor open(EvalContext ctx, MemoryTracker memory) {
    PushdownReads reads = source.pushdownReads(params);
    if (reads == null) {
      throw new IllegalStateException("opened a coprocessor read of " + source.name() + " that must read at the root");
    }
    if (reads.ranges().isEmpty()) {
      return () -> null;
    }
    byte[] payload = dag.encode(ctx.timeZone(), ctx.sqlModes(), ctx.statementStart(), divPrecisionIncrement);
    CopRequest request = new CopRequest(CopRequestType.DAG, payload, reads.ranges(), reads.startTs(),
        true, false, reads.concurrency(), reads.replicaRead(), reads.priority(), reads.resourceGroup(),
        reads.staleRead());
    CopResponseIterator responses = reads.client().send(request);
    ValueBridge bridge = new ValueBridge(ctx.timeZone());
    return new Executor() {
      @Override
      public List<Object[]> next() {
        while (true) {
          reads.checkCancelled().run();
          CopResponse r = responses.next();
          if (r == null) {
            return null;
          }
          Dag.Result result = Dag.decode(r.data(), bridge);
          if (result.error() != null) {
            throw result.error();
          }
          for (Warning w : result.warnings()) {
            ctx.warn(w.code(), w.message());
          }
          if (!result.rows().isEmpty()) {
            return result.rows();
          }
        }
      }

      @Override
      public void close() {
        responses.close();
      }
    };
  }
}
