package io.cairn.storage.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.codec.TableCodec;
import io.cairn.coprocessor.exec.ChunkCodec;
import io.cairn.coprocessor.exec.DagCodec;
import io.cairn.coprocessor.exec.DagFixture;
import io.cairn.coprocessor.exec.DagRunner;
import io.cairn.coprocessor.exec.RunLimits;
import io.cairn.coprocessor.exec.ValueBridge;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.proto.coprocessor.KeyRange;
import io.cairn.proto.coprocessor.Request;
import io.cairn.proto.coprocessor.Response;
import io.cairn.proto.dag.AggKind;
import io.cairn.proto.dag.Chunk;
import io.cairn.proto.dag.DagRequest;
import io.cairn.proto.dag.DagResponse;
import io.cairn.proto.kvrpcpb.CommitRequest;
import io.cairn.proto.kvrpcpb.Mutation;
import io.cairn.proto.kvrpcpb.Op;
import io.cairn.proto.kvrpcpb.PrewriteRequest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Coprocessor RPC end to end: rows written with KvPrewrite/KvCommit, then a Cairn DAG (tp
 * 201) served by the node on its region snapshot at the request's start_ts.
 */
class CoprocessorServiceTest {

  private final NodeFixture node =
      new NodeFixture(
          b -> {}, List.of(), new DagCoprocessorHandler(Clock.systemUTC(), RunLimits.UNLIMITED));
  private final DagFixture data = new DagFixture(11, 120);

  @AfterEach
  void close() throws InterruptedException {
    node.close();
  }

  private void writeRows(long startTs, long commitTs) {
    List<ByteString> keys = new ArrayList<>();
    PrewriteRequest.Builder prewrite = PrewriteRequest.newBuilder().setStartVersion(startTs).setLockTtl(3000);
    data.write(
        (k, v) -> {
          keys.add(ByteString.copyFrom(k));
          prewrite.addMutations(
              Mutation.newBuilder().setOp(Op.Put).setKey(ByteString.copyFrom(k)).setValue(ByteString.copyFrom(v)));
        });
    byte[] primary = keys.get(0).toByteArray();
    prewrite.setPrimaryLock(keys.get(0)).setContext(node.ctx(regionOf(primary)));
    assertThat(node.kv.kvPrewrite(prewrite.build()).getErrorsList()).isEmpty();
    assertThat(
            node.kv
                .kvCommit(
                    CommitRequest.newBuilder()
                        .setContext(node.ctx(regionOf(primary)))
                        .setStartVersion(startTs)
                        .setCommitVersion(commitTs)
                        .addAllKeys(keys)
                        .build())
                .hasError())
        .isFalse();
  }

  private long regionOf(byte[] key) {
    return node.regions().regionFor(io.cairn.storage.region.KeyMode.TXN.toRegionKey(key)).id();
  }

  private List<Object[]> query(DagRequest dag, long startTs) throws Exception {
    byte[] first = TableCodec.recordKey(DagFixture.TABLE, 1);
    Request.Builder req =
        Request.newBuilder()
            .setContext(node.ctx(regionOf(first)))
            .setTp(DagRunner.TP_CAIRN_DAG)
            .setStartTs(startTs)
            .setData(dag.toByteString());
    for (io.cairn.codec.KeyRange r : DagFixture.tableRanges()) {
      req.addRanges(KeyRange.newBuilder().setStart(ByteString.copyFrom(r.start())).setEnd(ByteString.copyFrom(r.end())));
    }
    Response resp = node.kv.coprocessor(req.build());
    assertThat(resp.hasRegionError()).as("region error %s", resp.getRegionError()).isFalse();
    assertThat(resp.getOtherError()).isEmpty();
    DagResponse out = DagResponse.parseFrom(resp.getData());
    List<FieldType> types = out.getOutputTypesList().stream().map(DagCodec::fromProto).toList();
    ChunkCodec codec = new ChunkCodec(new ValueBridge(ZoneOffset.UTC));
    List<Object[]> rows = new ArrayList<>();
    for (Chunk c : out.getChunksList()) {
      rows.addAll(codec.decode(c.getRowsData().toByteArray(), c.getRowCount(), types));
    }
    return rows;
  }

  @Test
  void scansAndAggregatesCommittedRowsAtTheRequestsTimestamp() throws Exception {
    writeRows(10, 11);
    assertThat(query(DagFixture.dag(DagFixture.tableScan(false)), 12)).hasSize(120);
    assertThat(query(DagFixture.dag(DagFixture.tableScan(false)), 10)).isEmpty();

    DagRequest count =
        DagFixture.dag(
            DagFixture.tableScan(false),
            data.aggregation(false, List.of(), data.agg(AggKind.COUNT, data.eb.column(0, DagFixture.ID))));
    List<Object[]> rows = query(count, 12);
    assertThat(rows).hasSize(1);
    assertThat(((Number) rows.get(0)[0]).longValue()).isEqualTo(120);
  }

  @Test
  void otherRequestTypesAreRefusedWithAReason() {
    Response resp =
        node.kv.coprocessor(
            Request.newBuilder()
                .setContext(node.ctx(regionOf(new byte[] {'t'})))
                .setTp(103)
                .setStartTs(5)
                .build());
    assertThat(resp.getOtherError()).contains("unsupported coprocessor request type 103");
  }
}
