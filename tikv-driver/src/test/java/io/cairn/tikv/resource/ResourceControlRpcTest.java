package io.cairn.tikv.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import io.cairn.proto.kvrpcpb.RawGetRequest;
import io.cairn.proto.kvrpcpb.RawGetResponse;
import io.cairn.proto.kvrpcpb.RawPutRequest;
import io.cairn.proto.kvrpcpb.RawPutResponse;
import io.cairn.proto.tikvpb.TikvGrpc;
import io.cairn.tikv.rpc.ConnectionPool;
import io.cairn.tikv.rpc.FaultInjector;
import io.cairn.tikv.rpc.RpcCall;
import io.cairn.tikv.rpc.RpcClient;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.testing.InProcess;
import io.cairn.tikv.testing.ManualClock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The interceptor in an {@link RpcClient}'s chain, over an in-process raw key-value store. */
class ResourceControlRpcTest {

  private static final RuCostModel MODEL = RuCostModel.DEFAULT.withWriteReplicas(1);

  private final String address = "rc-" + System.nanoTime();
  private final ConcurrentHashMap<ByteString, ByteString> data = new ConcurrentHashMap<>();
  private final AtomicInteger served = new AtomicInteger();
  private final ManualClock clock = new ManualClock();
  private final AdvancingSleeper sleeper = new AdvancingSleeper(clock);
  private final ResourceGroupRegistry registry = new ResourceGroupRegistry(clock);
  private final ResourceControlInterceptor rc =
      new ResourceControlInterceptor(registry, MODEL, ResourceGroupContext.SELECTOR, Duration.ofSeconds(30), sleeper, true);
  private InProcess servers;
  private RpcClient client;

  private final class RawStore extends TikvGrpc.TikvImplBase {
    @Override
    public void rawGet(RawGetRequest request, StreamObserver<RawGetResponse> out) {
      served.incrementAndGet();
      ByteString v = data.get(request.getKey());
      out.onNext(v == null ? RawGetResponse.newBuilder().setNotFound(true).build() : RawGetResponse.newBuilder().setValue(v).build());
      out.onCompleted();
    }

    @Override
    public void rawPut(RawPutRequest request, StreamObserver<RawPutResponse> out) {
      served.incrementAndGet();
      data.put(request.getKey(), request.getValue());
      out.onNext(RawPutResponse.getDefaultInstance());
      out.onCompleted();
    }
  }

  @BeforeEach
  void start() {
    servers = new InProcess();
    servers.start(address, new RawStore());
    client = new RpcClient(new ConnectionPool(InProcess.channels(), 1), 0);
    client.addInterceptor(rc);
  }

  @AfterEach
  void stop() {
    client.close();
    servers.close();
  }

  private RawPutResponse put(String key, int valueBytes) {
    RawPutRequest r = RawPutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFrom(new byte[valueBytes])).build();
    return client.call(new RpcCall<>(RpcKind.RAW_PUT, 1, address, 1, r, Duration.ofSeconds(60), 0));
  }

  private RawGetResponse get(String key) {
    RawGetRequest r = RawGetRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).build();
    return client.call(new RpcCall<>(RpcKind.RAW_GET, 1, address, 1, r, Duration.ofSeconds(60), 0));
  }

  @Test
  void everyRpcIsChargedToTheSessionsGroupAndASlowGroupWaitsButSucceeds() {
    registry.create(new ResourceGroup("batch", 20, 20, Priority.LOW));
    long t0 = clock.getAsLong();
    ResourceGroupContext.run("batch", () -> {
      for (int i = 0; i < 20; i++) {
        put("k" + i, 2048);
      }
      for (int i = 0; i < 20; i++) {
        assertThat(get("k" + i).getValue().size()).isEqualTo(2048);
      }
    });
    assertThat(served).hasValue(40);
    ResourceGroupStats s = registry.stats("batch");
    assertThat(s.writeRequests()).isEqualTo(20);
    assertThat(s.readRequests()).isEqualTo(20);
    // Each put: key (2 or 3 bytes) + 2,048 value bytes + 5 bytes of tags and lengths.
    assertThat(s.writeRu()).isBetween(20 * MODEL.writePreCharge(2048), 20 * MODEL.writePreCharge(2048 + 8));
    double readRu = 20 * (MODEL.readPreCharge() + MODEL.readSettlement(RawGetResponse.newBuilder().setValue(ByteString.copyFrom(new byte[2048])).build().getSerializedSize()));
    assertThat(s.readRu()).isCloseTo(readRu, within(1e-6));
    // About 95 RU at 20 RU/s with a 20 RU burst: the group waited close to (95 - 20) / 20 s, measured on the fake clock only.
    double waited = (clock.getAsLong() - t0) / 1e9;
    assertThat(waited).isEqualTo(sleeper.total() / 1000.0, within(1e-9));
    double lastSettlement = readRu / 20 - MODEL.readPreCharge();
    assertThat(20 + 20 * waited).isBetween(s.totalRu() - lastSettlement - 1e-6, s.totalRu() + 20 * 40 * 0.001);
    assertThat(s.throttledRequests()).isPositive();
    assertThat(s.overMaxWaitRequests()).isZero();
    assertThat(registry.stats("default").totalRu()).isZero();
  }

  @Test
  void switchingOffAtRuntimeStopsChargingWithoutRemovingTheInterceptor() {
    registry.create(new ResourceGroup("tiny", 1, 1, Priority.LOW));
    rc.setEnabled(false);
    ResourceGroupContext.run("tiny", () -> {
      for (int i = 0; i < 10; i++) {
        put("k", 8192);
      }
    });
    assertThat(sleeper.sleeps).isEmpty();
    assertThat(registry.stats("tiny").writeRequests()).isZero();
    rc.setEnabled(true);
    ResourceGroupContext.run("tiny", () -> put("k", 8192));
    assertThat(registry.stats("tiny").writeRequests()).isEqualTo(1);
    assertThat(sleeper.sleeps).hasSize(1);
    assertThat(served).hasValue(11);
  }

  @Test
  void aTransportFailureBehindTheInterceptorRefundsTheWrite() {
    FaultInjector faults = new FaultInjector();
    faults.inject("drop", FaultInjector.kind(RpcKind.RAW_PUT), 1, FaultInjector.status(Status.Code.UNAVAILABLE));
    client.addInterceptor(faults);
    try {
      put("k", 4096);
      throw new AssertionError("the injected failure did not surface");
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }
    assertThat(registry.stats("default").writeRu()).isCloseTo(MODEL.writePerBatchBaseCost() * MODEL.avgBatchProportion(), within(1e-9));
    put("k", 4096);
    assertThat(served).hasValue(1);
  }
}
