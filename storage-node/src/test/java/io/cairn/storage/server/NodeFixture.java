package io.cairn.storage.server;

import com.google.protobuf.ByteString;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.proto.tikvpb.TikvGrpc;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RegionRegistry;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** A storage node on an in-process server with a blocking stub, for the service tests. */
final class NodeFixture implements AutoCloseable {
  private static final AtomicLong NAMES = new AtomicLong();

  final AtomicLong ids = new AtomicLong(1000);
  final StorageNodeServer node;
  final ManagedChannel channel;
  final TikvGrpc.TikvBlockingStub kv;

  NodeFixture() {
    this(b -> {}, List.of(), CoprocessorHandler.UNSUPPORTED);
  }

  NodeFixture(Consumer<StorageNodeConfig.Builder> tweak, List<RegionMeta> regions,
      CoprocessorHandler coprocessor) {
    String name = "node-test-" + NAMES.incrementAndGet();
    StorageNodeConfig.Builder b = StorageNodeConfig.builder().inProcessName(name);
    tweak.accept(b);
    node = new StorageNodeServer(b.build(), ids::incrementAndGet, coprocessor, regions).start();
    channel = InProcessChannelBuilder.forName(name).build();
    kv = TikvGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  RegionRegistry regions() {
    return node.regions();
  }

  /** The context a well-informed client sends to region {@code regionId}. */
  Context ctx(long regionId) {
    RegionRegistry.RegionState s = regions().state(regionId);
    return Context.newBuilder().setRegionId(regionId)
        .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(s.meta().epoch().confVer())
            .setVersion(s.meta().epoch().version()))
        .setPeer(Peer.newBuilder().setId(s.leader().id()).setStoreId(s.leader().storeId()))
        .build();
  }

  /** The context of the region holding transactional key {@code key}. */
  Context txnCtx(String key) {
    return ctx(regions().regionFor(KeyMode.TXN.toRegionKey(b(key))).id());
  }

  /** The context of the region holding raw key {@code key}. */
  Context rawCtx(String key) {
    return ctx(regions().regionFor(KeyMode.RAW.toRegionKey(b(key))).id());
  }

  long onlyRegion() {
    List<RegionMeta> all = regions().regions();
    if (all.size() != 1) {
      throw new IllegalStateException("expected one region: " + all);
    }
    return all.get(0).id();
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(10, TimeUnit.SECONDS);
    node.close();
  }
}
