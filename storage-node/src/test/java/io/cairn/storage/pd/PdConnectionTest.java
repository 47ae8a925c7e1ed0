package io.cairn.storage.pd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.pd.PdConfig;
import io.cairn.proto.pdpb.AllocIDRequest;
import io.cairn.proto.pdpb.AllocIDResponse;
import io.cairn.proto.pdpb.GetMembersRequest;
import io.cairn.proto.pdpb.GetMembersResponse;
import io.cairn.proto.pdpb.GetStoreRequest;
import io.cairn.proto.pdpb.GetStoreResponse;
import io.cairn.proto.pdpb.IsBootstrappedRequest;
import io.cairn.proto.pdpb.IsBootstrappedResponse;
import io.cairn.proto.pdpb.Member;
import io.cairn.proto.pdpb.PDGrpc;
import io.cairn.proto.pdpb.ResponseHeader;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdConnectionTest {

  private static long allocId(PdConnection c) {
    return c.call("AllocID", (stub, h) -> stub.allocID(AllocIDRequest.newBuilder().setHeader(h)
        .build()), AllocIDResponse::getHeader).getId();
  }

  @Test
  void discoversTheLeaderAndLearnsTheClusterId() {
    try (InProcessPd pd = new InProcessPd((Path) null); PdConnection c = pd.connect()) {
      assertThat(c.clusterId()).isZero();
      PdConnection.Leader leader = c.leader();
      assertThat(leader.url()).isEqualTo(pd.url());
      assertThat(c.clusterId()).isEqualTo(pd.clusterId()).isNotZero();
      assertThat(c.header().getClusterId()).isEqualTo(pd.clusterId());
      long a = allocId(c);
      long b = allocId(c);
      assertThat(b).isGreaterThan(a);
      assertThat(c.generation()).isEqualTo(leader.generation());
    }
  }

  @Test
  void aCallMadeWhileServingAnExpiredOrCancelledRequestStillRuns() throws Exception {
    java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try (InProcessPd pd = new InProcessPd((Path) null); PdConnection c = pd.connect()) {
      long before = allocId(c);
      io.grpc.Context.CancellableContext expired = io.grpc.Context.current().withDeadlineAfter(
          1, java.util.concurrent.TimeUnit.NANOSECONDS, timer);
      Thread.sleep(5);
      assertThat(expired.isCancelled()).isTrue();
      long during = expired.call(() -> allocId(c));
      assertThat(during).isGreaterThan(before);
      assertThat(c.generation()).as("the leader was not dropped").isEqualTo(c.leader().generation());
      expired.cancel(null);
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void skipsDeadEndpointsDuringDiscovery() {
    try (InProcessPd pd = new InProcessPd((Path) null);
        PdConnection c = new PdConnection(
            PdClientConfig.of(List.of("inprocess://nobody-listens-here", pd.url())),
            PdChannelFactory.standard(1 << 20))) {
      assertThat(c.leader().url()).isEqualTo(pd.url());
      assertThat(allocId(c)).isPositive();
    }
  }

  @Test
  void noReachableEndpointIsUnavailable() {
    try (PdConnection c = new PdConnection(
        PdClientConfig.of(List.of("inprocess://nobody-1", "inprocess://nobody-2")),
        PdChannelFactory.standard(1 << 20))) {
      assertThatThrownBy(c::leader).isInstanceOfSatisfying(PdClientException.class,
          e -> {
            assertThat(e.kind()).isEqualTo(PdClientException.Kind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("nobody-1").contains("nobody-2");
          });
    }
  }

  @Test
  void headerErrorIsARefusal() {
    try (InProcessPd pd = new InProcessPd((Path) null); PdConnection c = pd.connect()) {
      assertThatThrownBy(() -> c.call("GetStore", (stub, h) -> stub.getStore(
          GetStoreRequest.newBuilder().setHeader(h).setStoreId(42).build()),
          GetStoreResponse::getHeader))
          .isInstanceOfSatisfying(PdClientException.class, e -> {
            assertThat(e.kind()).isEqualTo(PdClientException.Kind.REFUSED);
            assertThat(e.pdError()).isEqualTo(io.cairn.proto.pdpb.ErrorType.NOT_BOOTSTRAPPED);
          });
    }
  }

  @Test
  void failsOverToAnotherEndpointServingTheSameCluster(@TempDir Path dir) {
    PdConfig config = PdConfig.defaults().withDataDir(dir);
    InProcessPd first = new InProcessPd("failover-a-" + System.nanoTime(), config);
    String secondName = "failover-b-" + System.nanoTime();
    try (PdConnection c = new PdConnection(
        PdClientConfig.of(List.of(first.url(), "inprocess://" + secondName)),
        PdChannelFactory.standard(1 << 20))) {
      long clusterId = first.clusterId();
      long id1 = allocId(c);
      long gen1 = c.generation();
      first.close();
      // the same cluster (same metadata) comes back under the second endpoint
      try (InProcessPd second = new InProcessPd(secondName, config)) {
        long id2 = allocId(c);
        assertThat(id2).isGreaterThan(id1);
        assertThat(c.leader().url()).isEqualTo(second.url());
        assertThat(c.generation()).isGreaterThan(gen1);
        assertThat(c.clusterId()).isEqualTo(clusterId);
      }
    } finally {
      first.close();
    }
  }

  @Test
  void refusesAPdOfAnotherCluster() {
    String name = "other-cluster-" + System.nanoTime();
    InProcessPd first = new InProcessPd(name, PdConfig.defaults());
    try (PdConnection c = first.connect()) {
      long joined = c.leader().generation();
      assertThat(joined).isPositive();
      first.close();
      // a fresh in-memory PD under the same name is a different cluster
      try (InProcessPd other = new InProcessPd(name, PdConfig.defaults())) {
        assertThat(other.clusterId()).isNotEqualTo(c.clusterId());
        assertThatThrownBy(() -> allocId(c))
            .isInstanceOfSatisfying(PdClientException.class,
                e -> assertThat(e.kind()).isEqualTo(PdClientException.Kind.WRONG_CLUSTER));
      }
    } finally {
      first.close();
    }
  }

  /** A PD that answers GetMembers (pointing at itself) but never answers IsBootstrapped. */
  private static final class SilentPd extends PDGrpc.PDImplBase {
    final String url;
    final List<StreamObserver<IsBootstrappedResponse>> parked = new CopyOnWriteArrayList<>();

    SilentPd(String url) {
      this.url = url;
    }

    @Override
    public void getMembers(GetMembersRequest req, StreamObserver<GetMembersResponse> out) {
      Member m = Member.newBuilder().setName("silent").addClientUrls(url).build();
      out.onNext(GetMembersResponse.newBuilder()
          .setHeader(ResponseHeader.newBuilder().setClusterId(7)).addMembers(m).setLeader(m)
          .build());
      out.onCompleted();
    }

    @Override
    public void isBootstrapped(IsBootstrappedRequest req,
        StreamObserver<IsBootstrappedResponse> out) {
      parked.add(out);
    }
  }

  @Test
  void everyCallHasADeadline() throws Exception {
    String name = "silent-pd-" + System.nanoTime();
    SilentPd silent = new SilentPd("inprocess://" + name);
    Server server = InProcessServerBuilder.forName(name).addService(silent).build().start();
    try (PdConnection c = new PdConnection(
        // Long enough for leader discovery on a loaded machine; the silent call still ends.
        new PdClientConfig(List.of("inprocess://" + name), Duration.ofSeconds(2)),
        PdChannelFactory.standard(1 << 20))) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> c.call("IsBootstrapped", (stub, h) -> stub.isBootstrapped(
          IsBootstrappedRequest.newBuilder().setHeader(h).build()),
          IsBootstrappedResponse::getHeader))
          .isInstanceOfSatisfying(PdClientException.class, e -> {
            assertThat(e.kind()).isEqualTo(PdClientException.Kind.UNAVAILABLE);
            assertThat(((StatusRuntimeException) e.getCause()).getStatus().getCode())
                .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
          });
      // one retry after rediscovery, each bounded by the deadline
      assertThat(silent.parked).hasSize(2);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    } finally {
      server.shutdownNow();
    }
  }

  @Test
  void closedConnectionRefusesCalls() {
    try (InProcessPd pd = new InProcessPd((Path) null)) {
      PdConnection c = pd.connect();
      c.leader();
      c.close();
      c.close();
      assertThatThrownBy(c::leader).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void standardFactoryParsesEndpoints() {
    assertThat(StandardPdChannelFactory.HostPort.parse("pd1:2379"))
        .isEqualTo(new StandardPdChannelFactory.HostPort("pd1", 2379));
    assertThat(StandardPdChannelFactory.HostPort.parse("http://10.0.0.1:2379/"))
        .isEqualTo(new StandardPdChannelFactory.HostPort("10.0.0.1", 2379));
    assertThat(StandardPdChannelFactory.HostPort.parse(" [::1]:2379 ").port()).isEqualTo(2379);
    for (String bad : List.of("https://pd:2379", "pd", "ftp://pd:1", "http://pd:2379/x",
        "http://:2379")) {
      assertThatThrownBy(() -> StandardPdChannelFactory.HostPort.parse(bad))
          .as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(StandardPdChannelFactory.HostPort.parse("https://pd1:2379", true))
        .isEqualTo(new StandardPdChannelFactory.HostPort("pd1", 2379));
    assertThat(StandardPdChannelFactory.HostPort.parse("pd1:2379", true))
        .isEqualTo(new StandardPdChannelFactory.HostPort("pd1", 2379));
    assertThatThrownBy(() -> StandardPdChannelFactory.HostPort.parse("http://pd1:2379", true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLS is configured");
    assertThatThrownBy(() -> StandardPdChannelFactory.HostPort.parse("https://pd1:2379"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--cacert");
    assertThatThrownBy(() -> new StandardPdChannelFactory(1 << 20).open("inprocess://"))
        .isInstanceOf(IllegalArgumentException.class);
    ManagedChannel ch = new StandardPdChannelFactory(1 << 20).open("127.0.0.1:1");
    ch.shutdownNow();
  }

  @Test
  void configParsesTheCommandLineForm() {
    assertThat(PdClientConfig.parse("pd1:2379, pd2:2379").endpoints())
        .containsExactly("pd1:2379", "pd2:2379");
    assertThatThrownBy(() -> PdClientConfig.parse("pd1:2379,,pd2:2379"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PdClientConfig.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PdClientConfig(List.of("a:1"), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
