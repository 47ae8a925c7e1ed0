package io.cairn.pd.server;

import io.cairn.pd.PdClock;
import io.cairn.pd.PdConfig;
import io.cairn.pd.PlacementDriver;
import io.cairn.proto.tls.ClusterTls;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running PD member: the {@link PlacementDriver} behind a gRPC server, either on a TCP port
 * ({@link #start}) or on the in-process transport ({@link #startInProcess}, for tests and the
 * {@code unistore://}/{@code embedded://} wiring).
 *
 * <p>Besides {@code pdpb.PD} the server answers {@code grpc.health.v1.Health/Check} with
 * SERVING (the overall status), which TiKV clients use to probe PD members.
 *
 * <p>With a {@link ClusterTls} the TCP server speaks TLS only and requires client certificates
 * signed by the cluster CA (mutual TLS), and the advertised URL is {@code https://}; the
 * certificate is re-read when its files change (see {@link ClusterTls}). The caller owns the
 * {@code ClusterTls} and closes it after the server.
 *
 * <p>The caller that starts a server closes it. {@link #close} is graceful: it stops accepting
 * calls, waits up to {@link PdConfig#shutdownGrace()} for in-flight ones (open streams are
 * cancelled after that), then closes the metadata store. Closing twice is harmless.
 * Thread-safe.
 */
public final class PdServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PdServer.class);

  private final PlacementDriver pd;
  private final Server server;
  private final String clientUrl;
  private final String inProcessName;

  private PdServer(PlacementDriver pd, Server server, String clientUrl, String inProcessName) {
    this.pd = pd;
    this.server = server;
    this.clientUrl = clientUrl;
    this.inProcessName = inProcessName;
  }

  /** Opens the metadata and serves plaintext gRPC on {@code config.host():config.clientPort()}. */
  public static PdServer start(PdConfig config, PdClock clock) {
    return start(config, clock, null);
  }

  /**
   * Opens the metadata and serves gRPC on {@code config.host():config.clientPort()}, over
   * mutual TLS when {@code tls} is not null.
   */
  public static PdServer start(PdConfig config, PdClock clock, ClusterTls tls) {
    PlacementDriver pd = PlacementDriver.open(config, clock);
    AtomicReference<String> url = new AtomicReference<>(config.advertiseClientUrl());
    try {
      NettyServerBuilder builder = NettyServerBuilder
          .forAddress(new InetSocketAddress(config.host(), config.clientPort()))
          .maxInboundMessageSize(config.maxMessageBytes())
          .addService(new PdGrpcService(pd, url::get))
          .addService(new HealthStatusManager().getHealthService());
      if (tls != null) {
        builder.sslContext(tls.serverContext());
      }
      Server server = builder.build().start();
      if (url.get() == null) {
        url.set((tls != null ? "https://" : "http://") + config.host() + ":" + server.getPort());
      }
      LOG.info("PD {} serving cluster {} on {}:{}, advertised as {}", config.name(),
          pd.identity().clusterId(), config.host(), server.getPort(), url.get());
      return new PdServer(pd, server, url.get(), null);
    } catch (IOException e) {
      pd.close();
      throw new UncheckedIOException("cannot start PD on " + config.host() + ":"
          + config.clientPort(), e);
    } catch (RuntimeException e) {
      pd.close();
      throw e;
    }
  }

  /**
   * Opens the metadata and serves gRPC on the in-process transport under {@code name}; the
   * config's host and port are ignored. GetMembers advertises the config's client URL, or
   * {@code inprocess://<name>} when it has none.
   */
  public static PdServer startInProcess(PdConfig config, PdClock clock, String name) {
    PlacementDriver pd = PlacementDriver.open(config, clock);
    String url = config.advertiseClientUrl() == null
        ? "inprocess://" + name : config.advertiseClientUrl();
    try {
      Server server = InProcessServerBuilder.forName(name)
          .maxInboundMessageSize(config.maxMessageBytes())
          .addService(new PdGrpcService(pd, () -> url))
          .addService(new HealthStatusManager().getHealthService())
          .build()
          .start();
      return new PdServer(pd, server, url, name);
    } catch (IOException e) {
      pd.close();
      throw new UncheckedIOException("cannot start in-process PD " + name, e);
    } catch (RuntimeException e) {
      pd.close();
      throw e;
    }
  }

  /** A new channel to an in-process server; the caller shuts it down. */
  public ManagedChannel newInProcessChannel() {
    if (inProcessName == null) {
      throw new IllegalStateException("not an in-process PD; dial " + clientUrl);
    }
    return InProcessChannelBuilder.forName(inProcessName)
        .maxInboundMessageSize(pd.config().maxMessageBytes()).build();
  }

  /** The bound TCP port, or -1 in process. */
  public int port() {
    return server.getPort();
  }

  /** The advertised client URL. */
  public String clientUrl() {
    return clientUrl;
  }

  public PlacementDriver driver() {
    return pd;
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      long graceMs = pd.config().shutdownGrace().toMillis();
      if (!server.awaitTermination(graceMs, TimeUnit.MILLISECONDS)) {
        LOG.warn("PD calls still running after {} ms; cancelling them", graceMs);
        server.shutdownNow();
        server.awaitTermination(graceMs, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      pd.close();
    }
  }
}
