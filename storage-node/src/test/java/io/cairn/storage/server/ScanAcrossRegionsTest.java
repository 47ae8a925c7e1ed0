package io.cairn.storage.server;

import static io.cairn.storage.server.NodeFixture.bs;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proto.kvrpcpb.CommitRequest;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.KvPair;
import io.cairn.proto.kvrpcpb.Mutation;
import io.cairn.proto.kvrpcpb.Op;
import io.cairn.proto.kvrpcpb.PrewriteRequest;
import io.cairn.proto.kvrpcpb.ScanRequest;
import io.cairn.proto.kvrpcpb.ScanResponse;
import io.cairn.proto.kvrpcpb.SplitRegionRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** protocol.md's scan rules over two regions split at "m". */
class ScanAcrossRegionsTest {
  private final NodeFixture f = new NodeFixture();
  private long left;
  private long right;

  @BeforeEach
  void splitAndLoad() {
    var split = f.kv.splitRegion(SplitRegionRequest.newBuilder().setContext(f.ctx(f.onlyRegion()))
        .setSplitKey(bs("m")).build());
    left = split.getLeft().getId();
    right = split.getRight().getId();
    long ts = 10;
    for (String k : List.of("a", "c", "e", "g", "m", "p", "t")) {
      write(k, ts, ts + 1, true);
      ts += 2;
    }
  }

  @AfterEach
  void close() throws InterruptedException {
    f.close();
  }

  private void write(String key, long startTs, long commitTs, boolean commit) {
    Context ctx = f.txnCtx(key);
    assertThat(f.kv.kvPrewrite(PrewriteRequest.newBuilder().setContext(ctx).setPrimaryLock(bs(key))
        .setStartVersion(startTs).setLockTtl(3000)
        .addMutations(Mutation.newBuilder().setOp(Op.Put).setKey(bs(key)).setValue(bs(key + "v")))
        .build()).getErrorsList()).isEmpty();
    if (commit) {
      f.kv.kvCommit(CommitRequest.newBuilder().setContext(ctx).setStartVersion(startTs)
          .setCommitVersion(commitTs).addKeys(bs(key)).build());
    }
  }

  private ScanResponse scan(long region, String start, String end, int limit) {
    ScanRequest.Builder b = ScanRequest.newBuilder().setContext(f.ctx(region)).setLimit(limit)
        .setVersion(1000);
    if (start != null) {
      b.setStartKey(bs(start));
    }
    if (end != null) {
      b.setEndKey(bs(end));
    }
    return f.kv.kvScan(b.build());
  }

  private static List<String> keys(ScanResponse r) {
    return r.getPairsList().stream().map(p -> p.getKey().toStringUtf8()).toList();
  }

  @Test
  void limitAndRegionEnd() {
    assertThat(keys(scan(left, "a", null, 3))).containsExactly("a", "c", "e");
    // An empty end key means the region's end; fewer than the limit: the region is exhausted.
    assertThat(keys(scan(left, "c", null, 10))).containsExactly("c", "e", "g");
    // An end key beyond the region is clamped to it.
    assertThat(keys(scan(left, "a", "z", 10))).containsExactly("a", "c", "e", "g");
    assertThat(keys(scan(right, "m", null, 10))).containsExactly("m", "p", "t");
  }

  @Test
  void aClientWalkingRegionsSeesEveryKeyOnce() {
    List<String> seen = new ArrayList<>();
    String start = "";
    long region = left;
    while (true) {
      ScanResponse r = scan(region, start, null, 2);
      assertThat(r.hasRegionError()).isFalse();
      seen.addAll(keys(r));
      if (r.getPairsCount() == 2) {
        start = r.getPairs(1).getKey().toStringUtf8() + "\0";
        continue;
      }
      if (region == right) {
        break;
      }
      region = right;
      start = "m";
    }
    assertThat(seen).containsExactly("a", "c", "e", "g", "m", "p", "t");
  }

  @Test
  void locksInRangeComeBackPerPair() {
    write("d", 100, 0, false);
    ScanResponse r = scan(left, "a", null, 10);
    assertThat(keys(r)).containsExactly("a", "c", "d", "e", "g");
    KvPair locked = r.getPairs(2);
    assertThat(locked.getError().getLocked().getLockVersion()).isEqualTo(100);
    assertThat(locked.getError().getLocked().getKey().toStringUtf8()).isEqualTo("d");
    assertThat(r.getPairs(1).hasError()).isFalse();
    assertThat(r.hasError()).isFalse();
  }

  @Test
  void reverseScanStaysInItsRegion() {
    ScanResponse r = f.kv.kvScan(ScanRequest.newBuilder().setContext(f.ctx(right))
        .setVersion(1000).setLimit(10).setReverse(true).build());
    assertThat(keys(r)).containsExactly("t", "p", "m");
    ScanResponse l = f.kv.kvScan(ScanRequest.newBuilder().setContext(f.ctx(left))
        .setStartKey(bs("f")).setVersion(1000).setLimit(10).setReverse(true).build());
    assertThat(keys(l)).containsExactly("e", "c", "a");
  }

  @Test
  void scanStartingOutsideTheRegionIsKeyNotInRegion() {
    assertThat(scan(left, "p", null, 10).getRegionError().hasKeyNotInRegion()).isTrue();
  }
}
