package io.cairn.storage.server;

import static io.cairn.storage.server.NodeFixture.bs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.proto.kvrpcpb.KvPair;
import io.cairn.proto.kvrpcpb.RawBatchDeleteRequest;
import io.cairn.proto.kvrpcpb.RawBatchGetRequest;
import io.cairn.proto.kvrpcpb.RawBatchPutRequest;
import io.cairn.proto.kvrpcpb.RawCASRequest;
import io.cairn.proto.kvrpcpb.RawCASResponse;
import io.cairn.proto.kvrpcpb.RawDeleteRangeRequest;
import io.cairn.proto.kvrpcpb.RawDeleteRequest;
import io.cairn.proto.kvrpcpb.RawGetRequest;
import io.cairn.proto.kvrpcpb.RawGetResponse;
import io.cairn.proto.kvrpcpb.RawPutRequest;
import io.cairn.proto.kvrpcpb.RawScanRequest;
import io.cairn.proto.kvrpcpb.RawScanResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RawServiceTest {
  private final NodeFixture f = new NodeFixture();

  @AfterEach
  void close() throws InterruptedException {
    f.close();
  }

  private void put(String k, String v) {
    assertThat(f.kv.rawPut(RawPutRequest.newBuilder().setContext(f.rawCtx(k)).setKey(bs(k))
        .setValue(bs(v)).build()).hasRegionError()).isFalse();
  }

  private RawGetResponse get(String k) {
    return f.kv.rawGet(RawGetRequest.newBuilder().setContext(f.rawCtx(k)).setKey(bs(k)).build());
  }

  private static List<String> render(List<KvPair> pairs) {
    return pairs.stream().map(p -> p.getKey().toStringUtf8() + "=" + p.getValue().toStringUtf8())
        .toList();
  }

  @Test
  void putGetDelete() {
    put("a", "1");
    assertThat(get("a").getValue().toStringUtf8()).isEqualTo("1");
    assertThat(get("a").getNotFound()).isFalse();
    assertThat(get("b").getNotFound()).isTrue();
    f.kv.rawDelete(RawDeleteRequest.newBuilder().setContext(f.rawCtx("a")).setKey(bs("a")).build());
    assertThat(get("a").getNotFound()).isTrue();
  }

  @Test
  void batchPutGetDelete() {
    f.kv.rawBatchPut(RawBatchPutRequest.newBuilder().setContext(f.rawCtx("a"))
        .addPairs(KvPair.newBuilder().setKey(bs("a")).setValue(bs("1")))
        .addPairs(KvPair.newBuilder().setKey(bs("b")).setValue(bs("2"))).build());
    assertThat(render(f.kv.rawBatchGet(RawBatchGetRequest.newBuilder().setContext(f.rawCtx("a"))
        .addKeys(bs("b")).addKeys(bs("x")).addKeys(bs("a")).build()).getPairsList()))
        .containsExactly("b=2", "a=1");
    f.kv.rawBatchDelete(RawBatchDeleteRequest.newBuilder().setContext(f.rawCtx("a"))
        .addKeys(bs("a")).addKeys(bs("b")).build());
    assertThat(get("a").getNotFound()).isTrue();
    assertThat(get("b").getNotFound()).isTrue();
  }

  @Test
  void scanBothWaysAndDeleteRange() {
    for (String k : List.of("a", "b", "c", "d")) {
      put(k, k.toUpperCase());
    }
    RawScanResponse fwd = f.kv.rawScan(RawScanRequest.newBuilder().setContext(f.rawCtx("b"))
        .setStartKey(bs("b")).setLimit(10).build());
    assertThat(render(fwd.getKvsList())).containsExactly("b=B", "c=C", "d=D");
    RawScanResponse rev = f.kv.rawScan(RawScanRequest.newBuilder().setContext(f.rawCtx("b"))
        .setStartKey(bs("d")).setEndKey(bs("a")).setReverse(true).setLimit(2).build());
    assertThat(render(rev.getKvsList())).containsExactly("c=C", "b=B");
    RawScanResponse keysOnly = f.kv.rawScan(RawScanRequest.newBuilder().setContext(f.rawCtx("a"))
        .setKeyOnly(true).setLimit(2).build());
    assertThat(render(keysOnly.getKvsList())).containsExactly("a=", "b=");
    f.kv.rawDeleteRange(RawDeleteRangeRequest.newBuilder().setContext(f.rawCtx("b"))
        .setStartKey(bs("b")).setEndKey(bs("d")).build());
    assertThat(render(f.kv.rawScan(RawScanRequest.newBuilder().setContext(f.rawCtx("a"))
        .setLimit(10).build()).getKvsList())).containsExactly("a=A", "d=D");
  }

  @Test
  void compareAndSwap() {
    RawCASResponse first = f.kv.rawCompareAndSwap(RawCASRequest.newBuilder()
        .setContext(f.rawCtx("k")).setKey(bs("k")).setValue(bs("1")).setPreviousNotExist(true)
        .build());
    assertThat(first.getSucceed()).isTrue();
    assertThat(first.getPreviousNotExist()).isTrue();
    RawCASResponse wrong = f.kv.rawCompareAndSwap(RawCASRequest.newBuilder()
        .setContext(f.rawCtx("k")).setKey(bs("k")).setValue(bs("2")).setPreviousValue(bs("0"))
        .build());
    assertThat(wrong.getSucceed()).isFalse();
    assertThat(wrong.getPreviousValue().toStringUtf8()).isEqualTo("1");
    RawCASResponse right = f.kv.rawCompareAndSwap(RawCASRequest.newBuilder()
        .setContext(f.rawCtx("k")).setKey(bs("k")).setValue(bs("2")).setPreviousValue(bs("1"))
        .build());
    assertThat(right.getSucceed()).isTrue();
    assertThat(get("k").getValue().toStringUtf8()).isEqualTo("2");
  }

  @Test
  void unsupportedOptionsAreRefusedLoudly() {
    assertThatThrownBy(() -> f.kv.rawPut(RawPutRequest.newBuilder().setContext(f.rawCtx("k"))
        .setKey(bs("k")).setValue(bs("v")).setTtl(10).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThatThrownBy(() -> f.kv.rawGet(RawGetRequest.newBuilder().setContext(f.rawCtx("k"))
        .setKey(bs("k")).setCf("lock").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getDescription()).contains("column family"));
  }
}
