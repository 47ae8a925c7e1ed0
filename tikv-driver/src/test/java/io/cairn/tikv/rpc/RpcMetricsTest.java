package io.cairn.tikv.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.kv.StorageMetric;
import io.cairn.proto.errorpb.Error;
import io.cairn.proto.errorpb.ServerIsBusy;
import io.cairn.proto.kvrpcpb.GetRequest;
import io.cairn.tikv.testing.InProcess;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every attempt the RpcClient sends lands in the histogram of its kind and outcome. */
class RpcMetricsTest {

  private FakeTikvCluster nodes;
  private RpcClient client;

  @BeforeEach
  void start() {
    nodes = new FakeTikvCluster("rpc-metrics-" + System.nanoTime());
    nodes.startStore(1);
    client = new RpcClient(new ConnectionPool(InProcess.channels(), 1), 0);
  }

  @AfterEach
  void stop() {
    client.close();
    nodes.close();
  }

  private void get() {
    client.call(new RpcCall<>(RpcKind.KV_GET, 1, nodes.address(1), 1,
        GetRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build(), Duration.ofSeconds(30), 0));
  }

  @Test
  void answersRegionErrorsAndTransportFailuresAreTold() {
    nodes.script(1,
        FakeTikvCluster.Step.error(Error.newBuilder().setServerIsBusy(ServerIsBusy.getDefaultInstance()).build()),
        FakeTikvCluster.Step.status(Status.Code.UNAVAILABLE));
    get();
    assertThatThrownBy(this::get).isInstanceOf(StatusRuntimeException.class);
    get();
    get();
    RpcMetrics m = client.metrics();
    assertThat(m.count(RpcKind.KV_GET, RpcMetrics.Outcome.REGION_ERROR)).isEqualTo(1);
    assertThat(m.count(RpcKind.KV_GET, RpcMetrics.Outcome.RPC_ERROR)).isEqualTo(1);
    assertThat(m.count(RpcKind.KV_GET, RpcMetrics.Outcome.OK)).isEqualTo(2);
    assertThat(m.count(RpcKind.KV_PREWRITE, RpcMetrics.Outcome.OK)).isZero();

    List<StorageMetric> readings = m.readings();
    assertThat(readings).as("only the series seen").hasSize(3)
        .allSatisfy(r -> {
          assertThat(r.name()).isEqualTo("cairn_tikv_rpc_duration_seconds");
          assertThat(r.type()).isEqualTo(StorageMetric.Type.HISTOGRAM);
          assertThat(r.labels()).containsEntry("type", "KvGet");
        });
    StorageMetric ok = readings.stream().filter(r -> r.labels().equals(Map.of("type", "KvGet", "outcome", "ok"))).findFirst()
        .orElseThrow();
    assertThat(ok.value()).isEqualTo(2);
    assertThat(ok.histogram().sum()).isPositive().isLessThan(60);
    assertThat(ok.histogram().upperBounds()).containsExactly(LatencyHistogram.RPC_BUCKETS_SECONDS);
  }

  @Test
  void aCallToAnAddressNobodyServesIsAnRpcError() {
    assertThatThrownBy(() -> client.call(new RpcCall<>(RpcKind.KV_GET, 9, "nobody-" + System.nanoTime(), 1,
        GetRequest.getDefaultInstance(), Duration.ofSeconds(5), 0))).isInstanceOf(StatusRuntimeException.class);
    assertThat(client.metrics().count(RpcKind.KV_GET, RpcMetrics.Outcome.RPC_ERROR)).isEqualTo(1);
  }
}
