package io.cairn.proto.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterTlsTest {

  @TempDir Path dir;
  private final List<AutoCloseable> closers = new ArrayList<>();
  private TestPki pki;
  private TestPki.MemberFiles serverFiles;
  private TestPki.MemberFiles clientFiles;

  @BeforeEach
  void issue() throws Exception {
    pki = TestPki.create("cairn-test-ca");
    Files.createDirectories(dir.resolve("server"));
    Files.createDirectories(dir.resolve("client"));
    serverFiles = pki.writeMember(dir.resolve("server"), "server");
    clientFiles = pki.writeMember(dir.resolve("client"), "client");
  }

  @AfterEach
  void close() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) {
      closers.get(i).close();
    }
  }

  private ClusterTls open(TlsSettings s) {
    ClusterTls tls = ClusterTls.open(s);
    closers.add(tls);
    return tls;
  }

  private static TlsSettings settings(TestPki.MemberFiles f) {
    return TlsSettings.of(f.ca(), f.cert(), f.key());
  }

  private Server serve(ClusterTls tls) throws Exception {
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .sslContext(tls.serverContext())
        .addService(new HealthStatusManager().getHealthService())
        .build().start();
    closers.add(() -> server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS));
    return server;
  }

  private ServingStatus check(NettyChannelBuilder builder) {
    ManagedChannel channel = builder.build();
    try {
      return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance()).getStatus();
    } finally {
      channel.shutdownNow();
    }
  }

  private NettyChannelBuilder tlsChannel(int port, ClusterTls tls) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(tls.clientContext())
        .useTransportSecurity();
  }

  @Test
  void mutualTlsClientReachesTheServer() throws Exception {
    Server server = serve(open(settings(serverFiles)));
    ClusterTls client = open(settings(clientFiles));
    assertThat(check(tlsChannel(server.getPort(), client))).isEqualTo(ServingStatus.SERVING);
    assertThat(ReloadingTrustManager.commonName(client.certificate())).isEqualTo("client");
  }

  @Test
  void plaintextClientIsRefused() throws Exception {
    Server server = serve(open(settings(serverFiles)));
    assertThatThrownBy(() -> check(NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
        .usePlaintext())).isInstanceOf(StatusRuntimeException.class);
  }

  @Test
  void clientWithoutACertificateIsRefused() throws Exception {
    Server server = serve(open(settings(serverFiles)));
    ClusterTls caOnly = open(TlsSettings.of(clientFiles.ca(), null, null));
    assertThatThrownBy(() -> check(tlsChannel(server.getPort(), caOnly)))
        .isInstanceOf(StatusRuntimeException.class);
  }

  @Test
  void clientWithACertificateFromAnotherCaIsRefused() throws Exception {
    Server server = serve(open(settings(serverFiles)));
    Path other = Files.createDirectories(dir.resolve("other"));
    TestPki.MemberFiles otherFiles = TestPki.create("other-ca").writeMember(other, "client");
    // trusts the server's CA, presents a certificate of another CA
    ClusterTls stranger = open(TlsSettings.of(serverFiles.ca(), otherFiles.cert(), otherFiles.key()));
    assertThatThrownBy(() -> check(tlsChannel(server.getPort(), stranger)))
        .isInstanceOf(StatusRuntimeException.class);
  }

  @Test
  void clientRefusesAServerOfAnotherCa() throws Exception {
    Path other = Files.createDirectories(dir.resolve("other"));
    TestPki.MemberFiles otherServer = TestPki.create("other-ca").writeMember(other, "server");
    Server server = serve(open(TlsSettings.of(clientFiles.ca(), otherServer.cert(), otherServer.key())));
    ClusterTls client = open(settings(clientFiles));
    assertThatThrownBy(() -> check(tlsChannel(server.getPort(), client)))
        .isInstanceOf(StatusRuntimeException.class);
  }

  @Test
  void allowedCommonNamesRestrictClients() throws Exception {
    Server server = serve(open(settings(serverFiles).withAllowedCommonNames(Set.of("cairn-node"))));
    ClusterTls client = open(settings(clientFiles));
    assertThatThrownBy(() -> check(tlsChannel(server.getPort(), client)))
        .isInstanceOf(StatusRuntimeException.class);
    pki.issue("cairn-node").write(clientFiles.cert(), clientFiles.key());
    ClusterTls node = open(settings(clientFiles));
    assertThat(check(tlsChannel(server.getPort(), node))).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void rotatedServerCertificateIsPresentedToNewConnections() throws Exception {
    ClusterTls serverTls = open(settings(serverFiles).withRefreshPeriod(Duration.ofMillis(100)));
    Server server = serve(serverTls);
    TestPki.Issued clientCert = pki.issue("client");
    ManagedChannel before = tlsChannel(server.getPort(), open(settings(clientFiles))).build();
    closers.add(before::shutdownNow);
    HealthGrpc.newBlockingStub(before).withDeadlineAfter(30, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance());
    var first = pki.peerCertificate(server.getPort(), clientCert);
    assertThat(first.getSerialNumber()).isEqualTo(serverTls.certificate().getSerialNumber());

    TestPki.Issued renewed = pki.issue("server");
    renewed.write(serverFiles.cert(), serverFiles.key());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (serverTls.reloads() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(serverTls.reloads()).isEqualTo(1);
    assertThat(pki.peerCertificate(server.getPort(), clientCert).getSerialNumber())
        .isEqualTo(renewed.serial()).isNotEqualTo(first.getSerialNumber());
    // the connection opened before the rotation keeps working
    assertThat(HealthGrpc.newBlockingStub(before).withDeadlineAfter(30, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void rotatedCaIsTrustedByTheNextHandshake() throws Exception {
    ClusterTls serverTls = open(settings(serverFiles));
    Server server = serve(serverTls);
    TestPki next = TestPki.create("next-ca");
    Path nextDir = Files.createDirectories(dir.resolve("next"));
    TestPki.MemberFiles nextClient = next.writeMember(nextDir, "client");
    ClusterTls client = open(TlsSettings.of(serverFiles.ca(), nextClient.cert(), nextClient.key()));
    assertThatThrownBy(() -> check(tlsChannel(server.getPort(), client)))
        .isInstanceOf(StatusRuntimeException.class);
    // the server's CA file now holds both CAs (an operator's overlap during a CA change)
    Files.writeString(serverFiles.ca(), Files.readString(serverFiles.ca()) + Files.readString(nextClient.ca()));
    assertThat(serverTls.refresh()).isTrue();
    assertThat(check(tlsChannel(server.getPort(), client))).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void unusableRotatedFilesKeepTheCurrentCertificate() throws Exception {
    ClusterTls serverTls = open(settings(serverFiles));
    Server server = serve(serverTls);
    var serial = serverTls.certificate().getSerialNumber();
    Files.writeString(serverFiles.cert(), "not a certificate");
    assertThatThrownBy(serverTls::refresh).isInstanceOf(TlsFileException.class)
        .hasMessageContaining(serverFiles.cert().toString());
    // a certificate with the key of another one
    pki.issue("server").write(serverFiles.cert(), dir.resolve("unused.key"));
    assertThatThrownBy(serverTls::refresh).isInstanceOf(TlsFileException.class)
        .hasMessageContaining("does not belong");
    assertThat(serverTls.certificate().getSerialNumber()).isEqualTo(serial);
    assertThat(pki.peerCertificate(server.getPort(), pki.issue("client")).getSerialNumber())
        .isEqualTo(serial);
  }

  @Test
  void missingOrBrokenFilesFailTheStartWithTheFileNamed() throws Exception {
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(() -> ClusterTls.open(TlsSettings.of(missing, serverFiles.cert(), serverFiles.key())))
        .isInstanceOf(TlsFileException.class).hasMessageContaining("CA").hasMessageContaining(missing.toString());
    Files.writeString(serverFiles.key(), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> ClusterTls.open(settings(serverFiles)))
        .isInstanceOf(TlsFileException.class).hasMessageContaining(serverFiles.key().toString());
    assertThatThrownBy(() -> ClusterTls.open(TlsSettings.NONE)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ClusterTls.openIfEnabled(TlsSettings.NONE)).isNull();
  }

  @Test
  void settingsRefuseHalfConfigurations() {
    Path p = dir.resolve("x");
    assertThatThrownBy(() -> TlsSettings.of(p, p, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TlsSettings.of(null, p, p)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TlsSettings.NONE.withAllowedCommonNames(Set.of("a")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(TlsSettings.of(p, null, null).hasIdentity()).isFalse();
    assertThat(TlsSettings.of(p, p, p).hasIdentity()).isTrue();
    assertThat(TlsSettings.NONE.enabled()).isFalse();
  }
}
