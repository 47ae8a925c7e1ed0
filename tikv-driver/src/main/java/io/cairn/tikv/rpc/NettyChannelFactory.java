package io.cairn.tikv.rpc;

import io.cairn.tikv.config.TikvClientConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Network channels over Netty with the configured keepalive and, when configured, TLS or mutual
 * TLS. The SSL context is built once, at construction, so a bad certificate fails the driver's
 * start rather than the first request. Thread-safe.
 */
public final class NettyChannelFactory implements ChannelFactory {

  /** Large enough for a coprocessor page or a region's scan batch. */
  private static final int MAX_INBOUND_MESSAGE_BYTES = 128 << 20;

  private final TikvClientConfig config;
  private final SslContext sslContext;

  public NettyChannelFactory(TikvClientConfig config) {
    this.config = config;
    this.sslContext = config.security().enabled() ? buildSslContext(config.security()) : null;
  }

  private static SslContext buildSslContext(TikvClientConfig.Security security) {
    try {
      SslContextBuilder builder = GrpcSslContexts.forClient().trustManager(security.caFile().toFile());
      if (security.mutual()) {
        builder.keyManager(security.certFile().toFile(), security.keyFile().toFile());
      }
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the TLS certificates " + security, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot load the TLS certificates " + security + ": " + e.getMessage(), e);
    }
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
    if (sslContext != null) {
      builder.sslContext(sslContext).useTransportSecurity();
    } else {
      builder.usePlaintext();
    }
    return builder.build();
  }

  /** Whether channels use TLS. */
  public boolean tls() {
    return sslContext != null;
  }
}
