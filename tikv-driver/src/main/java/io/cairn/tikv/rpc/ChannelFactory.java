package io.cairn.tikv.rpc;

import io.grpc.ManagedChannel;

/**
 * Opens a gRPC channel to an address as PD advertises it ({@code host:port}, or a URL such as
 * {@code http://host:port}). The network implementation is {@link NettyChannelFactory}; the
 * in-process wiring ({@code unistore://}) passes a factory of in-process channels named by the
 * address. Implementations must be thread-safe. The caller owns and shuts down every channel it
 * gets.
 */
@FunctionalInterface
public interface ChannelFactory {

  ManagedChannel open(String address);

  /** {@code host:port} of an address that may carry a scheme ({@code http://pd1:2379}). */
  static String stripScheme(String address) {
    int i = address.indexOf("://");
    String rest = i < 0 ? address : address.substring(i + 3);
    return rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
  }
}
