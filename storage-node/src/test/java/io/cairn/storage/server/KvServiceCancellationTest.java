package io.cairn.storage.server;

import static io.cairn.storage.server.NodeFixture.b;
import static io.cairn.storage.server.NodeFixture.bs;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.RawPutRequest;
import io.cairn.proto.kvrpcpb.RawPutResponse;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.storage.engine.memory.MemoryEngine;
import io.cairn.storage.gc.GcWorker;
import io.cairn.storage.mvcc.reader.SnapshotReader;
import io.cairn.storage.raw.RawStore;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.LocalRegionEngine;
import io.cairn.storage.txn.ConcurrencyManager;
import io.cairn.storage.txn.MaxTsSync;
import io.cairn.storage.txn.TxnStore;
import io.cairn.storage.txn.latch.Latches;
import io.cairn.storage.txn.lockwait.DeadlockDetector;
import io.cairn.storage.txn.lockwait.LockWaitManager;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A call that is cancelled or past its deadline when its handler starts does no work. */
class KvServiceCancellationTest {
  private final MemoryEngine engine = new MemoryEngine();
  private final LocalRegionEngine regions = LocalRegionEngine.singleRegion(engine);
  private final Latches latches = new Latches(64);
  private final RawStore raw = new RawStore(regions, latches);
  private final ConcurrencyManager concurrency = new ConcurrencyManager();
  private final KvService service = new KvService(regions,
      new TxnStore(regions, latches, new LockWaitManager(new DeadlockDetector()), concurrency,
          MaxTsSync.ALWAYS_SYNCED),
      new SnapshotReader(regions), raw, new GcWorker(regions, 16),
      CoprocessorHandler.UNSUPPORTED, new InflightLimiter(4), concurrency);
  private final List<Object> seen = new ArrayList<>();
  private final StreamObserver<RawPutResponse> recorder = new StreamObserver<>() {
    @Override
    public void onNext(RawPutResponse value) {
      seen.add(value);
    }

    @Override
    public void onError(Throwable t) {
      seen.add(t);
    }

    @Override
    public void onCompleted() {
      seen.add("completed");
    }
  };

  private RawPutRequest put() {
    return RawPutRequest.newBuilder().setContext(Context.newBuilder().setRegionId(1)
        .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(1)))
        .setKey(bs("k")).setValue(bs("v")).build();
  }

  private byte[] stored() {
    return raw.get(regions.contextFor(1, KeyMode.RAW), b("k"));
  }

  @Test
  void cancelledCallIsSkipped() {
    io.grpc.Context.CancellableContext cancelled = io.grpc.Context.current().withCancellation();
    cancelled.cancel(null);
    cancelled.run(() -> service.rawPut(put(), recorder));
    assertThat(seen).isEmpty();
    assertThat(stored()).isNull();
  }

  @Test
  void expiredDeadlineIsSkipped() {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      io.grpc.Context.CancellableContext expired = io.grpc.Context.current()
          .withDeadlineAfter(-1, TimeUnit.MILLISECONDS, timer);
      expired.run(() -> service.rawPut(put(), recorder));
      assertThat(seen).isEmpty();
      assertThat(stored()).isNull();
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void liveCallRuns() {
    service.rawPut(put(), recorder);
    assertThat(seen).hasSize(2);
    assertThat(stored()).isEqualTo(b("v"));
  }
}
