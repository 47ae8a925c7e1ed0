package io.cairn.tikv.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.tikv.config.TikvClientConfig;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NettyChannelFactoryTest {

  @Test
  void plaintextChannelsReachALoopbackServer() throws Exception {
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new HealthStatusManager().getHealthService())
        .build()
        .start();
    NettyChannelFactory factory = new NettyChannelFactory(
        TikvClientConfig.defaults().withKeepAlive(Duration.ofSeconds(20), Duration.ofSeconds(5)));
    ManagedChannel channel = factory.open("http://127.0.0.1:" + server.getPort());
    try {
      assertThat(factory.tls()).isFalse();
      HealthCheckResponse r = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
      assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  @Test
  void aCallToAStoppedServerFailsAsNeverSent() throws Exception {
    // what a SIGKILLed store looks like to the driver: the port refuses connections. The
    // request sender relies on the refused connection being the failure's cause to retry a
    // commit instead of reporting it undetermined.
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new HealthStatusManager().getHealthService())
        .build()
        .start();
    int port = server.getPort();
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    ManagedChannel channel = new NettyChannelFactory(TikvClientConfig.defaults())
        .open("127.0.0.1:" + port);
    try {
      assertThatThrownBy(() -> HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(60, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(RegionRequestSender.neverSent(e)).as("%s", e).isTrue());
    } finally {
      channel.shutdownNow();
    }
  }

  private static Path tls(String name) throws Exception {
    return Path.of(NettyChannelFactoryTest.class.getResource("/tls/" + name).toURI());
  }

  private static Server mtlsServer() throws Exception {
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .sslContext(GrpcSslContexts.forServer(tls("server.pem").toFile(), tls("server.key").toFile())
            .trustManager(tls("ca.pem").toFile())
            .clientAuth(ClientAuth.REQUIRE)
            .build())
        .addService(new HealthStatusManager().getHealthService())
        .build()
        .start();
  }

  @Test
  void mutualTlsWithTheConfiguredCertificates() throws Exception {
    Server server = mtlsServer();
    NettyChannelFactory factory = new NettyChannelFactory(TikvClientConfig.defaults()
        .withSecurity(new TikvClientConfig.Security(tls("ca.pem"), tls("client.pem"), tls("client.key"))));
    ManagedChannel channel = factory.open("127.0.0.1:" + server.getPort());
    try {
      assertThat(factory.tls()).isTrue();
      HealthCheckResponse r = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
      assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  @Test
  void aServerRequiringClientCertificatesRefusesAClientWithoutOne() throws Exception {
    Server server = mtlsServer();
    NettyChannelFactory factory = new NettyChannelFactory(TikvClientConfig.defaults()
        .withSecurity(new TikvClientConfig.Security(tls("ca.pem"), null, null)));
    ManagedChannel channel = factory.open("127.0.0.1:" + server.getPort());
    try {
      assertThatThrownBy(() -> HealthGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()))
          .isInstanceOf(StatusRuntimeException.class);
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  @Test
  void missingCertificatesFailAtConstruction(@TempDir Path dir) {
    TikvClientConfig config = TikvClientConfig.defaults().withSecurity(new TikvClientConfig.Security(dir.resolve("ca.pem"), null, null));
    assertThatThrownBy(() -> new NettyChannelFactory(config))
        .isInstanceOfAny(UncheckedIOException.class, IllegalArgumentException.class)
        .hasMessageContaining("ca.pem");
  }

  @Test
  void securitySettingsAreCheckedForCompleteness(@TempDir Path dir) {
    assertThatThrownBy(() -> new TikvClientConfig.Security(dir.resolve("ca"), dir.resolve("cert"), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TikvClientConfig.Security(null, dir.resolve("cert"), dir.resolve("key")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new TikvClientConfig.Security(dir.resolve("ca"), dir.resolve("cert"), dir.resolve("key")).mutual()).isTrue();
    assertThat(TikvClientConfig.Security.NONE.enabled()).isFalse();
  }

  @Test
  void aRotatedClientCertificateIsPresentedByNewChannels(@TempDir Path dir) throws Exception {
    io.cairn.proto.tls.TestPki pki = io.cairn.proto.tls.TestPki.create("driver-test-ca");
    java.nio.file.Files.createDirectories(dir.resolve("server"));
    java.nio.file.Files.createDirectories(dir.resolve("client"));
    var serverFiles = pki.writeMember(dir.resolve("server"), "server");
    var clientFiles = pki.writeMember(dir.resolve("client"), "client");
    java.util.concurrent.atomic.AtomicReference<java.math.BigInteger> seen =
        new java.util.concurrent.atomic.AtomicReference<>();
    io.grpc.ServerInterceptor clientSerial = new io.grpc.ServerInterceptor() {
      @Override
      public <Q, A> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, A> call,
          io.grpc.Metadata headers, io.grpc.ServerCallHandler<Q, A> next) {
        try {
          javax.net.ssl.SSLSession session = call.getAttributes().get(io.grpc.Grpc.TRANSPORT_ATTR_SSL_SESSION);
          seen.set(((java.security.cert.X509Certificate) session.getPeerCertificates()[0]).getSerialNumber());
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
          throw new AssertionError(e);
        }
        return next.startCall(call, headers);
      }
    };
    try (io.cairn.proto.tls.ClusterTls serverTls = io.cairn.proto.tls.ClusterTls.open(
        io.cairn.proto.tls.TlsSettings.of(serverFiles.ca(), serverFiles.cert(), serverFiles.key()))) {
      Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .sslContext(serverTls.serverContext())
          .addService(io.grpc.ServerInterceptors.intercept(
              new HealthStatusManager().getHealthService(), clientSerial))
          .build().start();
      NettyChannelFactory factory = new NettyChannelFactory(TikvClientConfig.defaults()
          .withSecurity(new TikvClientConfig.Security(clientFiles.ca(), clientFiles.cert(),
              clientFiles.key())), Duration.ofMillis(100));
      try {
        check(factory, server.getPort());
        java.math.BigInteger first = seen.get();
        var renewed = pki.issue("client");
        renewed.write(clientFiles.cert(), clientFiles.key());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
          Thread.sleep(100);
          check(factory, server.getPort());
        } while (!renewed.serial().equals(seen.get()) && System.nanoTime() < deadline);
        assertThat(seen.get()).isEqualTo(renewed.serial()).isNotEqualTo(first);
      } finally {
        factory.close();
        server.shutdownNow();
      }
    }
  }

  private static void check(NettyChannelFactory factory, int port) {
    ManagedChannel channel = factory.open("127.0.0.1:" + port);
    try {
      HealthGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance());
    } finally {
      channel.shutdownNow();
    }
  }
}
