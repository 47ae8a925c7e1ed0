package io.cairn.coprocessor.exec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.ExprBuilder;
import io.cairn.coprocessor.expr.SqlMode;
import io.cairn.coprocessor.expr.Warning;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.proto.dag.AggFunc;
import io.cairn.proto.dag.AggKind;
import io.cairn.proto.dag.Aggregation;
import io.cairn.proto.dag.ByItem;
import io.cairn.proto.dag.Chunk;
import io.cairn.proto.dag.ColumnInfo;
import io.cairn.proto.dag.DagRequest;
import io.cairn.proto.dag.DagResponse;
import io.cairn.proto.dag.Limit;
import io.cairn.proto.dag.Projection;
import io.cairn.proto.dag.Selection;
import io.cairn.proto.dag.TableScan;
import io.cairn.proto.dag.TopN;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A coprocessor DAG as the SQL layer builds it, without the wire format: a table scan, then
 * selections, projections, and at most one partial aggregation, TopN or limit. Each step
 * computes its output types as the storage node will ({@link #outputTypes}), and every
 * expression is encoded and decoded once when it is added, so a DAG that builds is one the
 * nodes can rebuild. {@link #encode} gives the request payload; {@link #decode} reads a
 * response. Immutable and thread-safe; each step returns a new DAG.
 */
public final class Dag {
  /**
   * A column the scan reads.
   *
   * @param id the column id in stored rows
   * @param defaultValue the value of a row lacking the column, as {@code DatumCodec.encodeValue}
   *     writes it for {@link ValueBridge#columnType} of {@code type}; null for NULL
   * @param handle the column is the integer handle, taken from the key
   */
  public record ScanColumn(long id, FieldType type, byte[] defaultValue, boolean handle) {}

  private final DagCodec codec;
  private final List<io.cairn.proto.dag.Executor> executors;
  private final List<FieldType> outputTypes;
  private final boolean closed;

  private Dag(DagCodec codec, List<io.cairn.proto.dag.Executor> executors, List<FieldType> outputTypes, boolean closed) {
    this.codec = codec;
    this.executors = List.copyOf(executors);
    this.outputTypes = List.copyOf(outputTypes);
    this.closed = closed;
  }

  /** A scan of the rows {@code t{tableId}_r{handle}}, producing {@code columns} in order. */
  public static Dag tableScan(ExprBuilder builder, long tableId, List<ScanColumn> columns) {
    TableScan.Builder scan = TableScan.newBuilder().setTableId(tableId);
    List<FieldType> types = new ArrayList<>();
    for (ScanColumn c : columns) {
      ColumnInfo.Builder col = ColumnInfo.newBuilder()
          .setColumnId(c.id()).setFieldType(DagCodec.toProto(c.type())).setPkHandle(c.handle());
      if (c.defaultValue() != null) {
        col.setDefaultValue(ByteString.copyFrom(c.defaultValue()));
      }
      scan.addColumns(col);
      types.add(c.type());
    }
    return new Dag(new DagCodec(builder), List.of(io.cairn.proto.dag.Executor.newBuilder().setTableScan(scan).build()),
        types, false);
  }

  /** The types of the rows the DAG returns. */
  public List<FieldType> outputTypes() {
    return outputTypes;
  }

  /** Keeps the rows for which every condition is true. */
  public Dag selection(List<Expr> conditions) {
    Selection.Builder s = Selection.newBuilder();
    for (Expr c : conditions) {
      s.addConditions(encode(c));
    }
    return then(io.cairn.proto.dag.Executor.newBuilder().setSelection(s).build(), outputTypes, false);
  }

  /** Replaces each row by the values of {@code exprs}. */
  public Dag projection(List<Expr> exprs) {
    Projection.Builder p = Projection.newBuilder();
    List<FieldType> types = new ArrayList<>();
    for (Expr e : exprs) {
      p.addExprs(encode(e));
      types.add(e.type());
    }
    return then(io.cairn.proto.dag.Executor.newBuilder().setProjection(p).build(), types, false);
  }

  /** One aggregate function of a partial aggregation: its kind and its argument. */
  public record AggCall(AggFunctions.Kind kind, Expr arg) {}

  /**
   * Groups rows by {@code groupBy} and computes each call's partial result ({@link AggFunctions}):
   * the output is every call's partial columns in order (two, sum then count, for AVG), then the
   * group-by values. The root merges the partial rows of all regions and pages.
   */
  public Dag partialAggregation(List<Expr> groupBy, List<AggCall> calls, AggFunctions functions) {
    Aggregation.Builder a = Aggregation.newBuilder();
    List<FieldType> types = new ArrayList<>();
    for (AggCall c : calls) {
      List<FieldType> outs = functions.partial(c.kind(), c.arg()).outputTypes();
      a.addAggFuncs(AggFunc.newBuilder()
          .setKind(AggKind.valueOf(c.kind().name()))
          .addArgs(encode(c.arg()))
          .setFieldType(DagCodec.toProto(outs.get(0))));
      types.addAll(outs);
    }
    for (Expr g : groupBy) {
      a.addGroupBy(encode(g));
      types.add(g.type());
    }
    return then(io.cairn.proto.dag.Executor.newBuilder().setAggregation(a).build(), types, true);
  }

  /** The first {@code limit} rows in the order of {@code keys} (descending where {@code desc}). */
  public Dag topN(List<Expr> keys, boolean[] desc, long limit) {
    TopN.Builder t = TopN.newBuilder().setLimit(limit);
    for (int i = 0; i < keys.size(); i++) {
      t.addOrderBy(ByItem.newBuilder().setExpr(encode(keys.get(i))).setDesc(desc[i]));
    }
    return then(io.cairn.proto.dag.Executor.newBuilder().setTopN(t).build(), outputTypes, true);
  }

  /** The first {@code limit} rows. */
  public Dag limit(long limit) {
    return then(io.cairn.proto.dag.Executor.newBuilder().setLimit(Limit.newBuilder().setLimit(limit)).build(),
        outputTypes, true);
  }

  private Dag then(io.cairn.proto.dag.Executor e, List<FieldType> types, boolean closes) {
    if (closed) {
      throw new IllegalStateException("a DAG ends with its aggregation, TopN or limit");
    }
    List<io.cairn.proto.dag.Executor> next = new ArrayList<>(executors);
    next.add(e);
    return new Dag(codec, next, types, closes);
  }

  /** The expression in the wire format, decoded once over the current output as the node will. */
  private io.cairn.proto.dag.Expr encode(Expr e) {
    io.cairn.proto.dag.Expr p = codec.toProto(e);
    codec.fromProto(p, outputTypes);
    return p;
  }

  /** The request payload with the statement's evaluation settings. */
  public byte[] encode(ZoneId timeZone, Set<SqlMode> sqlModes, Instant statementStart, int divPrecisionIncrement) {
    DagRequest.Builder r = DagRequest.newBuilder()
        .addAllExecutors(executors)
        .setTimeZone(timeZone.getId())
        .setStatementStartMs(statementStart.toEpochMilli())
        .setDivPrecisionIncrement(divPrecisionIncrement);
    for (SqlMode m : sqlModes) {
      r.addSqlMode(m.name());
    }
    return r.build().toByteArray();
  }

  /**
   * One response: its rows (evaluator values), the warnings the node raised, or the statement
   * error an expression raised there ({@code error} non-null, no rows).
   */
  public record Result(List<Object[]> rows, List<Warning> warnings, io.cairn.coprocessor.expr.EvalException error) {}

  /** Reads a response payload; rows are decoded with the types the response lists. */
  public static Result decode(byte[] data, ValueBridge bridge) {
    DagResponse resp;
    try {
      resp = DagResponse.parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("malformed coprocessor response: " + e.getMessage(), e);
    }
    if (resp.hasError()) {
      return new Result(List.of(), List.of(), new io.cairn.coprocessor.expr.EvalException(
          resp.getError().getCode(), resp.getError().getSqlState(), resp.getError().getMessage()));
    }
    List<Warning> warnings = new ArrayList<>();
    for (io.cairn.proto.dag.Warning w : resp.getWarningsList()) {
      warnings.add(new Warning(Warning.Level.WARNING, w.getCode(), w.getMessage()));
    }
    List<FieldType> types = new ArrayList<>(resp.getOutputTypesCount());
    for (io.cairn.proto.dag.FieldType t : resp.getOutputTypesList()) {
      types.add(DagCodec.fromProto(t));
    }
    ChunkCodec codec = new ChunkCodec(bridge);
    List<Object[]> rows = new ArrayList<>();
    for (Chunk c : resp.getChunksList()) {
      rows.addAll(codec.decode(c.getRowsData().toByteArray(), c.getRowCount(), types));
    }
    return new Result(rows, warnings, null);
  }
}
