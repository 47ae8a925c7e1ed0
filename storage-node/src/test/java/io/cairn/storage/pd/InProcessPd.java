package io.cairn.storage.pd;

import io.cairn.pd.PdClock;
import io.cairn.pd.PdConfig;
import io.cairn.pd.server.PdServer;
import io.cairn.proto.pdpb.GetRegionByIDRequest;
import io.cairn.proto.pdpb.GetRegionRequest;
import io.cairn.proto.pdpb.GetRegionResponse;
import io.cairn.proto.pdpb.GetStoreRequest;
import io.cairn.proto.pdpb.GetStoreResponse;
import io.cairn.proto.pdpb.PDGrpc;
import io.cairn.proto.pdpb.RequestHeader;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real placement driver on the in-process transport under a unique name, with a direct
 * stub for the test's own questions. Closing and starting again over the same data dir is a
 * PD restart.
 */
final class InProcessPd implements AutoCloseable {

  private static final AtomicInteger SEQ = new AtomicInteger();

  final String name;
  final PdConfig config;
  private PdServer server;
  private ManagedChannel admin;

  /** @param dataDir null keeps PD's metadata in memory */
  InProcessPd(Path dataDir) {
    this(PdConfig.defaults().withDataDir(dataDir));
  }

  InProcessPd(PdConfig config) {
    this("pd-client-test-" + SEQ.incrementAndGet(), config);
  }

  InProcessPd(String name, PdConfig config) {
    this.name = name;
    this.config = config.withShutdownGrace(Duration.ofMillis(200));
    start();
  }

  String url() {
    return "inprocess://" + name;
  }

  PdServer server() {
    return server;
  }

  long clusterId() {
    return server.driver().identity().clusterId();
  }

  void start() {
    server = PdServer.startInProcess(config, PdClock.SYSTEM, name);
    admin = server.newInProcessChannel();
  }

  void stop() {
    if (server != null) {
      admin.shutdownNow();
      server.close();
      server = null;
    }
  }

  /** A connection configured with this PD only. */
  PdConnection connect() {
    return new PdConnection(PdClientConfig.of(List.of(url())),
        PdChannelFactory.standard(16 << 20));
  }

  private PDGrpc.PDBlockingStub stub() {
    return PDGrpc.newBlockingStub(admin).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private RequestHeader header() {
    return RequestHeader.newBuilder().setClusterId(clusterId()).build();
  }

  GetRegionResponse regionByKey(byte[] key) {
    return stub().getRegion(GetRegionRequest.newBuilder().setHeader(header())
        .setRegionKey(com.google.protobuf.ByteString.copyFrom(key)).build());
  }

  GetRegionResponse regionById(long id) {
    return stub().getRegionByID(GetRegionByIDRequest.newBuilder().setHeader(header())
        .setRegionId(id).build());
  }

  GetStoreResponse store(long id) {
    return stub().getStore(GetStoreRequest.newBuilder().setHeader(header()).setStoreId(id)
        .build());
  }

  @Override
  public void close() {
    stop();
  }
}
