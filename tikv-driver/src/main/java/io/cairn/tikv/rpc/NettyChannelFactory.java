package io.cairn.tikv.rpc;

import io.cairn.proto.tls.ClusterTls;
import io.cairn.proto.tls.TlsSettings;
import io.cairn.tikv.config.TikvClientConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/**
 * Network channels over Netty with the configured keepalive and, when configured, TLS or mutual
 * TLS. The certificates are loaded at construction, so a bad certificate fails the driver's
 * start rather than the first request; afterwards they are re-read when their files change
 * ({@link ClusterTls}), and channels opened or reconnecting after that use the new ones.
 * {@link #close} stops the re-reading; the channels handed out stay the caller's.
 * Thread-safe.
 */
public final class NettyChannelFactory implements ChannelFactory, AutoCloseable {

  /** Large enough for a coprocessor page or a region's scan batch. */
  private static final int MAX_INBOUND_MESSAGE_BYTES = 128 << 20;

  private final TikvClientConfig config;
  private final ClusterTls tls;

  /**
   * @throws io.cairn.proto.tls.TlsFileException when a configured certificate, key or CA file
   *     cannot be used
   */
  public NettyChannelFactory(TikvClientConfig config) {
    this(config, TlsSettings.DEFAULT_REFRESH);
  }

  /**
   * As {@link #NettyChannelFactory(TikvClientConfig)}, looking at the certificate files every
   * {@code certRefresh}.
   */
  public NettyChannelFactory(TikvClientConfig config, java.time.Duration certRefresh) {
    this.config = config;
    TikvClientConfig.Security s = config.security();
    this.tls = s.enabled()
        ? ClusterTls.open(TlsSettings.of(s.caFile(), s.certFile(), s.keyFile())
            .withRefreshPeriod(certRefresh))
        : null;
  }

  @Override
  public ManagedChannel open(String address) {
    NettyChannelBuilder builder =
        NettyChannelBuilder.forTarget(ChannelFactory.stripScheme(address))
            .keepAliveTime(config.grpcKeepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
            .keepAliveTimeout(config.grpcKeepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
            // TiKV keeps idle connections: a ping on an idle channel is what detects a dead peer.
            .keepAliveWithoutCalls(true)
            .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES);
    if (tls != null) {
      builder.sslContext(tls.clientContext()).useTransportSecurity();
    } else {
      builder.usePlaintext();
    }
    return builder.build();
  }

  /** Whether channels use TLS. */
  public boolean tls() {
    return tls != null;
  }

  @Override
  public void close() {
    if (tls != null) {
      tls.close();
    }
  }
}
