package io.cairn.coprocessor.exec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.codec.ByteWriter;
import io.cairn.codec.KeyRange;
import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.EvalException;
import io.cairn.coprocessor.expr.ExprBuilder;
import io.cairn.coprocessor.expr.SqlMode;
import io.cairn.coprocessor.expr.Warning;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.proto.coprocessor.Request;
import io.cairn.proto.coprocessor.Response;
import io.cairn.proto.dag.DagRequest;
import io.cairn.proto.dag.DagResponse;
import io.cairn.proto.dag.ExecutorSummary;
import io.cairn.proto.dag.StatementError;
import io.cairn.proto.kvrpcpb.LockInfo;
import io.cairn.proto.kvrpcpb.Op;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs Cairn DAG requests: decodes the {@link DagRequest}, builds the executor pipeline over a
 * {@link KvSource}, pulls it chunk by chunk and encodes each chunk as it comes ({@link
 * ChunkCodec}), so results stream out in chunks and a paged request never holds more than a page.
 *
 * <p>Paging: with a paging size the scan stops after that many pairs; the response then says
 * {@code has_more} and gives {@code last_key}, and the next page asks for {@link
 * ScanExecutor#remainingRanges}. Aggregation and TopN results of a page are partial, to be merged
 * at the root with the other pages' and regions' (their merge functions are {@link
 * AggFunctions#merge}).
 *
 * <p>Thread-safe: each call builds its own pipeline and contexts.
 */
public final class DagRunner {
  /** The coprocessor.Request {@code tp} of Cairn's DAG format (TiKV uses 103/104/105). */
  public static final long TP_CAIRN_DAG = 201;

  private final Clock clock;
  private final RunLimits limits;

  public DagRunner(Clock clock, RunLimits limits) {
    this.clock = clock;
    this.limits = limits;
  }

  /**
   * Serves a coprocessor envelope: tp must be {@link #TP_CAIRN_DAG}. A lock met becomes {@code
   * locked}; an expression's statement error ({@link EvalException}) a response whose {@code
   * error} carries it; any other failure becomes {@code other_error} with the reason.
   *
   * @param source the snapshot at the request's start_ts
   * @param deadline null for none
   */
  public Response handle(Request request, KvSource source, Instant deadline) {
    if (request.getTp() != TP_CAIRN_DAG) {
      return Response.newBuilder()
          .setOtherError("unsupported coprocessor request type " + request.getTp()
              + " (this store runs Cairn DAG requests, tp " + TP_CAIRN_DAG + ")")
          .build();
    }
    try {
      DagRequest dag = DagRequest.parseFrom(request.getData());
      List<KeyRange> ranges = new ArrayList<>();
      for (io.cairn.proto.coprocessor.KeyRange r : request.getRangesList()) {
        ranges.add(new KeyRange(r.getStart().toByteArray(), r.getEnd().toByteArray()));
      }
      long paging = request.getPagingSize() != 0 ? request.getPagingSize() : dag.getPagingSize();
      DagResponse.Builder out = DagResponse.newBuilder();
      DagResponse tail = run(dag, ranges, paging, source, deadline, out::addChunks);
      Response.Builder resp = Response.newBuilder().setData(out.mergeFrom(tail).build().toByteString());
      if (tail.getHasMore() && !ranges.isEmpty()) {
        resp.setRange(covered(ranges, tail.getLastKey().toByteArray(), dagDescending(dag)));
      }
      return resp.build();
    } catch (KeyLockedException e) {
      return Response.newBuilder().setLocked(lockInfo(e.lock())).build();
    } catch (EvalException e) {
      // The statement's own error (the root would have raised it evaluating the same
      // expression): it travels as data, not as a failure of the store.
      DagResponse failed = DagResponse.newBuilder()
          .setError(StatementError.newBuilder()
              .setCode(e.errno()).setSqlState(e.sqlState()).setMessage(e.getMessage()))
          .build();
      return Response.newBuilder().setData(failed.toByteString()).build();
    } catch (InvalidProtocolBufferException e) {
      return Response.newBuilder().setOtherError("malformed DAG request: " + e.getMessage()).build();
    } catch (CoprocessorException | IllegalArgumentException e) {
      return Response.newBuilder().setOtherError(e.getMessage()).build();
    }
  }

  /**
   * The envelope's {@code range} of a page that stopped after {@code lastKey}: what it covered,
   * so a client that knows nothing of the DAG format resumes past it (ascending: from the key
   * after {@code lastKey}; descending: below {@code lastKey}).
   */
  private static io.cairn.proto.coprocessor.KeyRange covered(List<KeyRange> ranges, byte[] lastKey, boolean desc) {
    byte[] after = java.util.Arrays.copyOf(lastKey, lastKey.length + 1);
    return io.cairn.proto.coprocessor.KeyRange.newBuilder()
        .setStart(ByteString.copyFrom(desc ? lastKey : ranges.get(0).start()))
        .setEnd(ByteString.copyFrom(desc ? ranges.get(ranges.size() - 1).end() : after))
        .build();
  }

  private static boolean dagDescending(DagRequest dag) {
    io.cairn.proto.dag.Executor first = dag.getExecutorsCount() == 0 ? null : dag.getExecutors(0);
    if (first == null) {
      return false;
    }
    return first.hasTableScan() ? first.getTableScan().getDesc() : first.hasIndexScan() && first.getIndexScan().getDesc();
  }

  private static LockInfo lockInfo(LockedKey l) {
    Op op = Op.forNumber(l.lockType());
    return LockInfo.newBuilder()
        .setKey(ByteString.copyFrom(l.key()))
        .setPrimaryLock(ByteString.copyFrom(l.primaryLock()))
        .setLockVersion(l.lockVersion())
        .setLockTtl(l.lockTtl())
        .setTxnSize(l.txnSize())
        .setLockType(op == null ? Op.Put : op)
        .setLockForUpdateTs(l.lockForUpdateTs())
        .setMinCommitTs(l.minCommitTs())
        .build();
  }

  /**
   * Runs one request, handing each encoded chunk to {@code sink} as soon as it is full, and
   * returns the rest of the response (warnings, paging state, summaries, output types; no chunks).
   *
   * @param pagingSize 0 for no paging
   * @throws KeyLockedException if the scan met a lock
   * @throws CoprocessorException on bad requests and exceeded limits
   */
  public DagResponse run(
      DagRequest dag, List<KeyRange> ranges, long pagingSize, KvSource source, Instant deadline,
      Consumer<io.cairn.proto.dag.Chunk> sink) {
    EvalContext eval = evalContext(dag);
    ValueBridge bridge = new ValueBridge(eval.timeZone());
    ExecContext ctx = new ExecContext(eval, bridge, clock, deadline, limits.maxMemoryBytes());
    int increment = dag.getDivPrecisionIncrement() == 0 ? 4 : dag.getDivPrecisionIncrement();
    PipelineBuilder builder = new PipelineBuilder(
        new DagCodec(new ExprBuilder(increment)), new AggFunctions(increment), ctx);
    PipelineBuilder.Pipeline p = builder.build(dag.getExecutorsList(), ranges, pagingSize, source);

    List<FieldType> schema = p.root().schema();
    int[] offsets = dag.getOutputOffsetsCount() == 0
        ? java.util.stream.IntStream.range(0, schema.size()).toArray()
        : dag.getOutputOffsetsList().stream().mapToInt(Integer::intValue).toArray();
    List<FieldType> outTypes = new ArrayList<>();
    for (int o : offsets) {
      if (o >= schema.size()) {
        throw new CoprocessorException(CoprocessorException.Kind.BAD_REQUEST,
            "output offset " + o + " beyond the " + schema.size() + " output columns");
      }
      outTypes.add(schema.get(o));
    }
    ChunkCodec codec = new ChunkCodec(bridge);
    ByteWriter w = new ByteWriter(4096);
    long rows = 0;
    try (Executor root = p.root()) {
      for (Chunk c = root.next(); c != null; c = root.next()) {
        ctx.checkDeadline();
        rows += c.size();
        if (rows > limits.maxResultRows()) {
          throw new CoprocessorException(CoprocessorException.Kind.ROW_LIMIT_EXCEEDED,
              "the result exceeds " + limits.maxResultRows() + " rows; page the request");
        }
        w.reset();
        for (int i = 0; i < c.size(); i++) {
          codec.encodeRow(w, c.row(i), offsets, outTypes);
        }
        ctx.consume(w.size());
        sink.accept(io.cairn.proto.dag.Chunk.newBuilder()
            .setRowsData(ByteString.copyFrom(w.toByteArray()))
            .setRowCount(c.size())
            .build());
      }
    }
    DagResponse.Builder r = DagResponse.newBuilder();
    for (Warning wn : eval.warnings()) {
      r.addWarnings(io.cairn.proto.dag.Warning.newBuilder().setCode(wn.code()).setMessage(wn.message()));
    }
    r.setWarningCount(eval.warningCount());
    ScanExecutor scan = p.scan();
    if (scan.stoppedEarly()) {
      r.setHasMore(true);
    }
    if (scan.lastKey() != null) {
      r.setLastKey(ByteString.copyFrom(scan.lastKey()));
    }
    for (PipelineBuilder.Measured m : p.measured()) {
      r.addSummaries(ExecutorSummary.newBuilder()
          .setExecutor(m.name())
          .setProducedRows(m.producedRows())
          .setIterations(m.iterations())
          .setTimeNs(m.timeNs()));
    }
    for (FieldType t : outTypes) {
      r.addOutputTypes(DagCodec.toProto(t));
    }
    return r.build();
  }

  private EvalContext evalContext(DagRequest dag) {
    Set<SqlMode> modes = EnumSet.noneOf(SqlMode.class);
    for (String m : dag.getSqlModeList()) {
      try {
        modes.add(SqlMode.valueOf(m));
      } catch (IllegalArgumentException e) {
        throw new CoprocessorException(CoprocessorException.Kind.BAD_REQUEST, "unknown sql_mode " + m);
      }
    }
    ZoneId zone;
    try {
      zone = dag.getTimeZone().isEmpty() ? ZoneOffset.UTC : ZoneId.of(dag.getTimeZone());
    } catch (RuntimeException e) {
      throw new CoprocessorException(
          CoprocessorException.Kind.BAD_REQUEST, "unknown time zone " + dag.getTimeZone());
    }
    Clock start = dag.getStatementStartMs() == 0
        ? clock
        : Clock.fixed(Instant.ofEpochMilli(dag.getStatementStartMs()), zone);
    return new EvalContext(modes, false, zone, start);
  }
}
