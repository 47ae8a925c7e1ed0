package io.cairn.tikv.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.cairn.proto.errorpb.Error;
import io.cairn.proto.errorpb.NotLeader;
import io.cairn.proto.kvrpcpb.GetRequest;
import io.cairn.proto.kvrpcpb.GetResponse;
import io.cairn.tikv.testing.InProcess;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RpcClientTest {

  private FakeTikvCluster nodes;

  @BeforeEach
  void start() {
    nodes = new FakeTikvCluster("rpc-" + System.nanoTime());
    nodes.startStore(1);
  }

  @AfterEach
  void stop() {
    nodes.close();
  }

  private RpcCall<GetRequest, GetResponse> call(int attempt) {
    return new RpcCall<>(RpcKind.KV_GET, 1, nodes.address(1), 1, GetRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build(), Duration.ofSeconds(30), attempt);
  }

  @Test
  void interceptorsRunInOrderAndCanBeRemoved() {
    List<String> seen = new CopyOnWriteArrayList<>();
    RpcInterceptor first = tracing("first", seen);
    RpcInterceptor second = tracing("second", seen);
    try (RpcClient client = new RpcClient(new ConnectionPool(InProcess.channels(), 1), 0)) {
      client.addInterceptor(first);
      client.addInterceptor(second);
      assertThat(client.call(call(0)).getValue().toStringUtf8()).isEqualTo("v@1");
      assertThat(seen).containsExactly("first>", "second>", "second<", "first<");
      client.removeInterceptor(first);
      seen.clear();
      client.call(call(0));
      assertThat(seen).containsExactly("second>", "second<");
    }
  }

  private static RpcInterceptor tracing(String name, List<String> seen) {
    return new RpcInterceptor() {
      @Override
      public <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        seen.add(name + ">");
        Resp r = next.proceed(call);
        seen.add(name + "<");
        return r;
      }
    };
  }

  @Test
  void faultRulesFireTheirNumberOfTimesInOrder() {
    FaultInjector faults = new FaultInjector();
    Error notLeader = Error.newBuilder().setNotLeader(NotLeader.newBuilder().setRegionId(1)).build();
    faults.inject("not-leader", FaultInjector.kind(RpcKind.KV_GET), 2, FaultInjector.regionError(notLeader));
    faults.inject("drop", FaultInjector.store(1), 1, FaultInjector.status(Status.Code.UNAVAILABLE));
    try (RpcClient client = new RpcClient(new ConnectionPool(InProcess.channels(), 1), 0)) {
      client.addInterceptor(faults);
      assertThat(client.call(call(0)).getRegionError()).isEqualTo(notLeader);
      assertThat(client.call(call(1)).getRegionError()).isEqualTo(notLeader);
      assertThatThrownBy(() -> client.call(call(2))).isInstanceOf(StatusRuntimeException.class);
      assertThat(client.call(call(3)).hasRegionError()).isFalse();
      assertThat(faults.fired("not-leader")).isEqualTo(2);
      assertThat(faults.fired("drop")).isEqualTo(1);
      assertThat(nodes.received).hasSize(1);
    }
  }

  @Test
  void theStoreLimitRefusesRequestsBeyondIt() {
    try (RpcClient client = new RpcClient(new ConnectionPool(InProcess.channels(), 1), 1)) {
      List<Throwable> nested = new ArrayList<>();
      client.addInterceptor(new RpcInterceptor() {
        @Override
        public <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
          if (call.attempt() == 0) {
            try {
              client.call(call(1));
            } catch (StoreLimitExceededException e) {
              nested.add(e);
            }
          }
          return next.proceed(call);
        }
      });
      client.call(call(0));
      assertThat(nested).singleElement().isInstanceOf(StoreLimitExceededException.class);
      assertThat(((Throwable) nested.get(0)).getMessage()).contains("store id = 1");
      // The slot is released afterwards.
      client.call(call(0));
      assertThat(nested).hasSize(2);
    }
  }

  @Test
  void thePoolHandsOutItsChannelsRoundRobin() {
    List<ManagedChannel> opened = new ArrayList<>();
    ChannelFactory counting = address -> {
      ManagedChannel c = InProcess.channels().open(address);
      opened.add(c);
      return c;
    };
    ConnectionPool pool = new ConnectionPool(counting, 3);
    List<ManagedChannel> handedOut = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      handedOut.add(pool.channel("a"));
    }
    pool.channel("b");
    assertThat(opened).hasSize(6);
    assertThat(handedOut.subList(0, 3)).containsExactlyElementsOf(opened.subList(0, 3));
    assertThat(handedOut.subList(3, 6)).containsExactlyElementsOf(opened.subList(0, 3));
    assertThat(pool.openChannels()).isEqualTo(6);
    pool.evict("b");
    assertThat(opened.get(3).isShutdown()).isTrue();
    pool.close();
    assertThat(opened).allMatch(ManagedChannel::isShutdown);
    assertThatThrownBy(() -> pool.channel("a")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void schemesAreStrippedFromAdvertisedUrls() {
    assertThat(ChannelFactory.stripScheme("http://pd1:2379")).isEqualTo("pd1:2379");
    assertThat(ChannelFactory.stripScheme("https://pd1:2379/")).isEqualTo("pd1:2379");
    assertThat(ChannelFactory.stripScheme("10.0.0.1:20160")).isEqualTo("10.0.0.1:20160");
  }
}
