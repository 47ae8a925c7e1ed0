package io.cairn.coprocessor.exec;

import io.cairn.codec.ByteReader;
import io.cairn.codec.DatumCodec;
import io.cairn.codec.KeyRange;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.proto.dag.AggFunc;
import io.cairn.proto.dag.Aggregation;
import io.cairn.proto.dag.ByItem;
import io.cairn.proto.dag.ColumnInfo;
import io.cairn.proto.dag.Executor.KindCase;
import io.cairn.proto.dag.IndexScan;
import io.cairn.proto.dag.TableScan;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an executor pipeline from the {@code cairn.dag} executor list: the first executor is a
 * table or index scan, each next one consumes the previous one's output. Every stage is wrapped
 * so its produced rows, iterations and time (including its children's) are measured for the
 * execution summaries. Not thread-safe; one builder per request.
 */
final class PipelineBuilder {
  private final DagCodec codec;
  private final AggFunctions aggs;
  private final ExecContext ctx;

  record Pipeline(Executor root, ScanExecutor scan, List<Measured> measured) {}

  PipelineBuilder(DagCodec codec, AggFunctions aggs, ExecContext ctx) {
    this.codec = codec;
    this.aggs = aggs;
    this.ctx = ctx;
  }

  Pipeline build(
      List<io.cairn.proto.dag.Executor> executors, List<KeyRange> ranges, long pagingSize,
      KvSource source) {
    if (executors.isEmpty()) {
      throw bad("a DAG request needs at least a scan");
    }
    io.cairn.proto.dag.Executor first = executors.get(0);
    ScanExecutor scan = switch (first.getKindCase()) {
      case TABLE_SCAN -> tableScan(first.getTableScan(), ranges, pagingSize, source);
      case INDEX_SCAN -> indexScan(first.getIndexScan(), ranges, pagingSize, source);
      default -> throw bad("the first executor must be a scan, not " + first.getKindCase());
    };
    List<Measured> measured = new ArrayList<>();
    Executor current = new Measured(scan);
    measured.add((Measured) current);
    for (int i = 1; i < executors.size(); i++) {
      io.cairn.proto.dag.Executor e = executors.get(i);
      List<FieldType> in = current.schema();
      Executor next = switch (e.getKindCase()) {
        case SELECTION -> new SelectionExecutor(current, exprs(e.getSelection().getConditionsList(), in), ctx);
        case PROJECTION -> new ProjectionExecutor(current, exprs(e.getProjection().getExprsList(), in), ctx);
        case AGGREGATION -> aggregation(current, e.getAggregation());
        case TOP_N -> {
          List<SortKey.Item> items = new ArrayList<>();
          for (ByItem b : e.getTopN().getOrderByList()) {
            items.add(new SortKey.Item(codec.fromProto(b.getExpr(), in), b.getDesc()));
          }
          yield new TopNExecutor(current, new SortKey(items), e.getTopN().getLimit(), ctx);
        }
        case LIMIT -> new LimitExecutor(current, e.getLimit().getLimit());
        case TABLE_SCAN, INDEX_SCAN -> throw bad("a scan can only be the first executor");
        case KIND_NOT_SET -> throw bad("executor " + i + " has no kind");
      };
      current = new Measured(next);
      measured.add((Measured) current);
    }
    return new Pipeline(current, scan, measured);
  }

  private List<Expr> exprs(List<io.cairn.proto.dag.Expr> ps, List<FieldType> in) {
    List<Expr> out = new ArrayList<>(ps.size());
    for (io.cairn.proto.dag.Expr p : ps) {
      out.add(codec.fromProto(p, in));
    }
    return out;
  }

  private Executor aggregation(Executor child, Aggregation a) {
    List<FieldType> in = child.schema();
    List<AggFunction> fs = new ArrayList<>();
    for (AggFunc f : a.getAggFuncsList()) {
      if (f.getArgsCount() != 1) {
        throw bad(f.getKind() + " takes one argument, got " + f.getArgsCount());
      }
      AggFunctions.Kind kind = switch (f.getKind()) {
        case COUNT -> AggFunctions.Kind.COUNT;
        case SUM -> AggFunctions.Kind.SUM;
        case AVG -> AggFunctions.Kind.AVG;
        case MIN -> AggFunctions.Kind.MIN;
        case MAX -> AggFunctions.Kind.MAX;
        case FIRST -> AggFunctions.Kind.FIRST;
        case UNRECOGNIZED -> throw bad("unknown aggregate function");
      };
      fs.add(aggs.partial(kind, codec.fromProto(f.getArgs(0), in)));
    }
    return new AggregationExecutor(child, exprs(a.getGroupByList(), in), fs, a.getStreamed(), ctx);
  }

  private TableScanExecutor tableScan(
      TableScan t, List<KeyRange> ranges, long pagingSize, KvSource source) {
    List<TableScanExecutor.Column> cols = new ArrayList<>();
    for (ColumnInfo c : t.getColumnsList()) {
      FieldType type = DagCodec.fromProto(c.getFieldType());
      Object def = null;
      if (!c.getDefaultValue().isEmpty()) {
        try {
          def = DatumCodec.decode(new ByteReader(c.getDefaultValue().toByteArray()), ValueBridge.columnType(type));
        } catch (RuntimeException e) {
          throw bad("bad default value of column " + c.getColumnId() + ": " + e.getMessage());
        }
      }
      cols.add(new TableScanExecutor.Column(c.getColumnId(), type, def, c.getPkHandle()));
    }
    return new TableScanExecutor(cols, source, ranges, t.getDesc(), pagingSize, ctx);
  }

  private IndexScanExecutor indexScan(
      IndexScan s, List<KeyRange> ranges, long pagingSize, KvSource source) {
    List<FieldType> cols = new ArrayList<>();
    boolean handle = false;
    for (int i = 0; i < s.getColumnsCount(); i++) {
      ColumnInfo c = s.getColumns(i);
      if (c.getPkHandle()) {
        if (i != s.getColumnsCount() - 1) {
          throw bad("the handle column must be the last index scan column");
        }
        handle = true;
      } else {
        cols.add(DagCodec.fromProto(c.getFieldType()));
      }
    }
    return new IndexScanExecutor(cols, handle, source, ranges, s.getDesc(), pagingSize, ctx);
  }

  private static CoprocessorException bad(String m) {
    return new CoprocessorException(CoprocessorException.Kind.BAD_REQUEST, m);
  }

  /** Measures one stage: rows produced, calls of next(), and wall time including children. */
  static final class Measured implements Executor {
    private final Executor inner;
    private long rows;
    private long iterations;
    private long nanos;

    Measured(Executor inner) {
      this.inner = inner;
    }

    @Override
    public List<FieldType> schema() {
      return inner.schema();
    }

    @Override
    public Chunk next() {
      long t0 = System.nanoTime();
      Chunk c = inner.next();
      nanos += System.nanoTime() - t0;
      iterations++;
      if (c != null) {
        rows += c.size();
      }
      return c;
    }

    @Override
    public String name() {
      return inner.name();
    }

    long producedRows() {
      return rows;
    }

    long iterations() {
      return iterations;
    }

    long timeNs() {
      return nanos;
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
