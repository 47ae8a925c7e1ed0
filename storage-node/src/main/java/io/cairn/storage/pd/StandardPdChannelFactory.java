package io.cairn.storage.pd;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.TimeUnit;

/**
 * Dials {@code http://host:port} and bare {@code host:port} over plaintext TCP (Netty), and
 * {@code inprocess://name} over gRPC's in-process transport (the in-process PD of the
 * {@code unistore://}/{@code embedded://} wiring advertises such URLs). {@code https} is
 * refused: TLS to PD is not implemented yet, and silently falling back to plaintext would be
 * worse than failing.
 *
 * <p>TCP channels send keepalive pings every 30 s, also without calls in flight, because the
 * region heartbeat stream is long-lived and has no deadline: a half-open connection must be
 * noticed by the transport. Thread-safe.
 */
public final class StandardPdChannelFactory implements PdChannelFactory {

  private static final String IN_PROCESS = "inprocess://";

  private final int maxInboundMessageBytes;

  public StandardPdChannelFactory(int maxInboundMessageBytes) {
    if (maxInboundMessageBytes < 1024) {
      throw new IllegalArgumentException("max inbound message size must be >= 1024: "
          + maxInboundMessageBytes);
    }
    this.maxInboundMessageBytes = maxInboundMessageBytes;
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
    HostPort hp = HostPort.parse(url);
    return NettyChannelBuilder.forAddress(hp.host(), hp.port())
        .usePlaintext()
        .maxInboundMessageSize(maxInboundMessageBytes)
        .keepAliveTime(30, TimeUnit.SECONDS)
        .keepAliveTimeout(10, TimeUnit.SECONDS)
        .keepAliveWithoutCalls(true)
        .build();
  }

  /** A parsed TCP endpoint. */
  record HostPort(String host, int port) {

    static HostPort parse(String url) {
      String s = url.trim();
      if (s.startsWith("https://")) {
        throw new IllegalArgumentException("TLS to PD is not supported yet: " + url);
      }
      if (!s.contains("://")) {
        s = "http://" + s;
      }
      URI uri;
      try {
        uri = new URI(s);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("bad PD endpoint " + url + ": " + e.getMessage(), e);
      }
      if (!"http".equals(uri.getScheme())) {
        throw new IllegalArgumentException("unsupported PD URL scheme " + uri.getScheme()
            + " in " + url + " (use http://host:port, host:port or inprocess://name)");
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
