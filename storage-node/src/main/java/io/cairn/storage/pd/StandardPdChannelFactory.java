package io.cairn.storage.pd;

import io.cairn.proto.tls.ClusterTls;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.TimeUnit;

/**
 * Dials PD members over TCP (Netty), and {@code inprocess://name} over gRPC's in-process
 * transport (the in-process PD of the {@code unistore://}/{@code embedded://} wiring advertises
 * such URLs). Without TLS it dials {@code http://host:port} and bare {@code host:port} in
 * plaintext and refuses {@code https}; with a {@link ClusterTls} it dials
 * {@code https://host:port} and bare {@code host:port} over mutual TLS and refuses
 * {@code http}: a URL never silently picks the other kind of transport.
 *
 * <p>TCP channels send keepalive pings every 30 s, also without calls in flight, because the
 * region heartbeat stream is long-lived and has no deadline: a half-open connection must be
 * noticed by the transport. Thread-safe.
 */
public final class StandardPdChannelFactory implements PdChannelFactory {

  private static final String IN_PROCESS = "inprocess://";

  private final int maxInboundMessageBytes;
  private final ClusterTls tls;

  public StandardPdChannelFactory(int maxInboundMessageBytes) {
    this(maxInboundMessageBytes, null);
  }

  /**
   * @param tls the node's TLS (it presents its certificate to PD and verifies PD's); null for
   *     plaintext. The caller keeps owning it.
   */
  public StandardPdChannelFactory(int maxInboundMessageBytes, ClusterTls tls) {
    if (maxInboundMessageBytes < 1024) {
      throw new IllegalArgumentException("max inbound message size must be >= 1024: "
          + maxInboundMessageBytes);
    }
    this.maxInboundMessageBytes = maxInboundMessageBytes;
    this.tls = tls;
  }

  @Override
  public ManagedChannel open(String url) {
    if (url.startsWith(IN_PROCESS)) {
      String name = url.substring(IN_PROCESS.length());
      if (name.isEmpty()) {
        throw new IllegalArgumentException("in-process PD URL without a name: " + url);
      }
      return InProcessChannelBuilder.forName(name).maxInboundMessageSize(maxInboundMessageBytes)
          .build();
    }
    HostPort hp = HostPort.parse(url, tls != null);
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress(hp.host(), hp.port());
    if (tls != null) {
      builder.sslContext(tls.clientContext()).useTransportSecurity();
    } else {
      builder.usePlaintext();
    }
    return builder
        .maxInboundMessageSize(maxInboundMessageBytes)
        .keepAliveTime(30, TimeUnit.SECONDS)
        .keepAliveTimeout(10, TimeUnit.SECONDS)
        .keepAliveWithoutCalls(true)
        .build();
  }

  /** A parsed TCP endpoint. */
  record HostPort(String host, int port) {

    static HostPort parse(String url) {
      return parse(url, false);
    }

    /** {@code url}'s endpoint; its scheme must agree with {@code tls}. */
    static HostPort parse(String url, boolean tls) {
      String s = url.trim();
      String scheme = tls ? "https" : "http";
      if (!tls && s.startsWith("https://")) {
        throw new IllegalArgumentException("PD URL " + url + " needs TLS, and this node has no"
            + " certificates configured (--cacert, --cert, --key)");
      }
      if (tls && s.startsWith("http://")) {
        throw new IllegalArgumentException("plaintext PD URL " + url + " while TLS is configured;"
            + " use https://host:port or host:port");
      }
      if (!s.contains("://")) {
        s = scheme + "://" + s;
      }
      URI uri;
      try {
        uri = new URI(s);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("bad PD endpoint " + url + ": " + e.getMessage(), e);
      }
      if (!scheme.equals(uri.getScheme())) {
        throw new IllegalArgumentException("unsupported PD URL scheme " + uri.getScheme()
            + " in " + url + " (use " + scheme + "://host:port, host:port or inprocess://name)");
      }
      if (uri.getHost() == null || uri.getPort() < 1) {
        throw new IllegalArgumentException("PD endpoint needs a host and a port: " + url);
      }
      String path = uri.getRawPath();
      if (path != null && !path.isEmpty() && !path.equals("/")) {
        throw new IllegalArgumentException("PD endpoint must not have a path: " + url);
      }
      return new HostPort(uri.getHost(), uri.getPort());
    }
  }
}
