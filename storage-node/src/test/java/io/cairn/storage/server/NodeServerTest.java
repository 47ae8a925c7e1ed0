package io.cairn.storage.server;

import static io.cairn.storage.server.NodeFixture.bs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.proto.coprocessor.Response;
import io.cairn.proto.kvrpcpb.CommitRequest;
import io.cairn.proto.kvrpcpb.GetRequest;
import io.cairn.proto.kvrpcpb.Mutation;
import io.cairn.proto.kvrpcpb.Op;
import io.cairn.proto.kvrpcpb.PessimisticLockRequest;
import io.cairn.proto.kvrpcpb.PessimisticLockResponse;
import io.cairn.proto.kvrpcpb.RawGetRequest;
import io.cairn.proto.kvrpcpb.RawPutRequest;
import io.cairn.proto.tikvpb.TikvGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeServerTest {
  /** Blocking calls get threads of their own (the common pool may have one thread here). */
  private final java.util.concurrent.ExecutorService threads =
      java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

  @org.junit.jupiter.api.AfterEach
  void stopThreads() {
    release.countDown();
    threads.shutdownNow();
  }
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  /** A coprocessor that holds its request until released: a request reliably in flight. */
  private final CoprocessorHandler blocking = (req, snap) -> {
    entered.countDown();
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Response.newBuilder().setData(bs("done")).build();
  };

  private static io.cairn.proto.coprocessor.Request copr(NodeFixture f) {
    return io.cairn.proto.coprocessor.Request.newBuilder().setContext(f.txnCtx("a")).build();
  }

  @Test
  void overTheInflightLimitTheStoreIsBusy() throws Exception {
    try (NodeFixture f = new NodeFixture(b -> b.busyThreshold(1), List.of(), blocking)) {
      CompletableFuture<Response> held = CompletableFuture.supplyAsync(() -> f.kv.coprocessor(copr(f)), threads);
      assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
      var busy = f.kv.kvGet(GetRequest.newBuilder().setContext(f.txnCtx("a")).setKey(bs("a"))
          .setVersion(5).build()).getRegionError();
      assertThat(busy.getServerIsBusy().getReason()).contains("in flight");
      assertThat(busy.getServerIsBusy().getBackoffMs()).isPositive();
      release.countDown();
      assertThat(held.get(30, TimeUnit.SECONDS).getData().toStringUtf8()).isEqualTo("done");
      assertThat(f.kv.kvGet(GetRequest.newBuilder().setContext(f.txnCtx("a")).setKey(bs("a"))
          .setVersion(5).build()).hasRegionError()).isFalse();
    }
  }

  @Test
  void gracefulShutdownDrainsRequestsInFlight() throws Exception {
    NodeFixture f = new NodeFixture(b -> {}, List.of(), blocking);
    try {
      CompletableFuture<Response> held = CompletableFuture.supplyAsync(() -> f.kv.coprocessor(copr(f)), threads);
      assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Void> closing = CompletableFuture.runAsync(f.node::close, threads);
      // New calls are refused while the old one drains.
      Thread.sleep(100);
      assertThatThrownBy(() -> f.kv.rawGet(RawGetRequest.newBuilder()
          .setContext(f.rawCtx("a")).setKey(bs("a")).build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(closing).isNotDone();
      release.countDown();
      assertThat(held.get(30, TimeUnit.SECONDS).getData().toStringUtf8()).isEqualTo("done");
      closing.get(30, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      f.close();
    }
  }

  @Test
  void aLockWaitEndsAtTheCallDeadline() throws Exception {
    try (NodeFixture f = new NodeFixture()) {
      PessimisticLockRequest.Builder lock = PessimisticLockRequest.newBuilder()
          .setContext(f.txnCtx("k")).setPrimaryLock(bs("k")).setLockTtl(60_000)
          .addMutations(Mutation.newBuilder().setOp(Op.PessimisticLock).setKey(bs("k")));
      assertThat(f.kv.kvPessimisticLock(lock.setStartVersion(10).setForUpdateTs(10).build())
          .getErrorsList()).isEmpty();
      long started = System.nanoTime();
      // The server stops waiting when the deadline comes and answers "locked"; which of that
      // answer and the client's own DEADLINE_EXCEEDED arrives first is a race, and both honour
      // the deadline. What must not happen is a wait for the requested 60 s.
      try {
        PessimisticLockResponse cut = TikvGrpc.newBlockingStub(f.channel)
            .withDeadlineAfter(300, TimeUnit.MILLISECONDS)
            .kvPessimisticLock(lock.setStartVersion(20).setForUpdateTs(20).setWaitTimeout(60_000)
                .build());
        assertThat(cut.getErrors(0).getLocked().getLockVersion()).isEqualTo(10);
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      }
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(30);
      // The server-side wait was cut at the deadline too: a waiter of 60 s would still hold a
      // slot; the next request with a generous deadline finds the lock and answers at once.
      PessimisticLockResponse again = f.kv.kvPessimisticLock(lock.setStartVersion(30)
          .setForUpdateTs(30).setWaitTimeout(-1).build());
      assertThat(again.getErrors(0).getLocked().getLockVersion()).isEqualTo(10);
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(30);
    }
  }

  @Test
  void oversizedRequestsAreRefused() throws Exception {
    StorageNodeConfig config = StorageNodeConfig.builder().port(0).maxInboundMessageBytes(1024)
        .build();
    java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong();
    try (StorageNodeServer node = new StorageNodeServer(config, ids::incrementAndGet,
        CoprocessorHandler.UNSUPPORTED).start()) {
      ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext()
          .build();
      try {
        var kv = TikvGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS);
        var ctx = io.cairn.proto.kvrpcpb.Context.newBuilder()
            .setRegionId(node.regions().regions().get(0).id())
            .setRegionEpoch(io.cairn.proto.metapb.RegionEpoch.newBuilder().setConfVer(1)
                .setVersion(1)).build();
        assertThatThrownBy(() -> kv.rawPut(RawPutRequest.newBuilder().setContext(ctx)
            .setKey(bs("a")).setValue(bs("x".repeat(4096))).build()))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        assertThat(kv.rawPut(RawPutRequest.newBuilder().setContext(ctx).setKey(bs("a"))
            .setValue(bs("small")).build()).hasRegionError()).isFalse();
      } finally {
        ch.shutdownNow();
        ch.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void servesOverTheNetworkOnRocksDb(@TempDir Path dir) throws Exception {
    StorageNodeConfig config = StorageNodeConfig.builder().dataDir(dir.resolve("data")).port(0)
        .labels(java.util.Map.of("zone", "z1")).build();
    java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong();
    try (StorageNodeServer node = new StorageNodeServer(config, ids::incrementAndGet,
        CoprocessorHandler.UNSUPPORTED).start()) {
      assertThat(node.port()).isPositive();
      assertThat(node.clientAddress()).isEqualTo("127.0.0.1:" + node.port());
      ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext()
          .build();
      try {
        assertThat(HealthGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance()).getStatus())
            .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        var kv = TikvGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS);
        long region = node.regions().regions().get(0).id();
        var ctx = io.cairn.proto.kvrpcpb.Context.newBuilder().setRegionId(region)
            .setRegionEpoch(io.cairn.proto.metapb.RegionEpoch.newBuilder().setConfVer(1)
                .setVersion(1)).build();
        kv.kvPrewrite(io.cairn.proto.kvrpcpb.PrewriteRequest.newBuilder().setContext(ctx)
            .setPrimaryLock(bs("k")).setStartVersion(5).setLockTtl(100)
            .addMutations(Mutation.newBuilder().setOp(Op.Put).setKey(bs("k")).setValue(bs("v")))
            .build());
        kv.kvCommit(CommitRequest.newBuilder().setContext(ctx).setStartVersion(5)
            .setCommitVersion(6).addKeys(bs("k")).build());
        assertThat(kv.kvGet(GetRequest.newBuilder().setContext(ctx).setKey(bs("k"))
            .setVersion(7).build()).getValue().toStringUtf8()).isEqualTo("v");
      } finally {
        ch.shutdownNow();
        ch.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }
}
