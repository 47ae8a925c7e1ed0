package io.cairn.storage.pd;

import io.grpc.ManagedChannel;

/**
 * Opens gRPC channels to PD members by URL, so that {@link PdConnection} can dial whatever PD
 * advertises in GetMembers and tests can hand out in-process channels.
 *
 * <p>Contract: {@link #open} returns a new channel for each call (never a shared one); the
 * caller owns it and shuts it down. A URL the factory does not understand fails with
 * {@link IllegalArgumentException}, never with a channel that cannot connect. Implementations
 * are thread-safe.
 */
public interface PdChannelFactory {

  /**
   * A new channel to the PD member at {@code url}: {@code http://host:port} (or
   * {@code https://} with TLS), {@code host:port} or {@code inprocess://name} for the standard
   * factory.
   */
  ManagedChannel open(String url);

  /** The standard factory, see {@link StandardPdChannelFactory}. */
  static PdChannelFactory standard(int maxInboundMessageBytes) {
    return new StandardPdChannelFactory(maxInboundMessageBytes);
  }

  /** The standard factory over mutual TLS ({@code tls} not null) or plaintext (null). */
  static PdChannelFactory standard(int maxInboundMessageBytes, io.cairn.proto.tls.ClusterTls tls) {
    return new StandardPdChannelFactory(maxInboundMessageBytes, tls);
  }
}
