package io.cairn.storage.raft;

import io.cairn.proto.tls.ClusterTls;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;

/**
 * Ratis's own gRPC transport over the node's cluster TLS. Ratis builds its (shaded) Netty TLS
 * contexts once per server or client, from the key manager and trust manager handed to it;
 * these are {@link ClusterTls}'s reloading managers, so a rotated certificate, key or CA is
 * used by every Raft connection opened after the reload without restarting the Raft server.
 * Open peer connections keep their session. One difference from the contexts Cairn builds
 * itself: Ratis builds its own, which may resume TLS sessions, so a Raft connection that
 * reconnects to a peer it spoke to before the rotation can resume that session (with the old
 * certificates) until the session expires; every new session uses the new ones.
 *
 * <p>The one setting serves the Raft server (mutual TLS: peers must present a certificate of
 * the cluster CA), its connections to other peers, and the admin clients that add a replica
 * on another store.
 */
final class RaftTls {

  private RaftTls() {}

  /**
   * Ratis parameters for {@code config}: its TLS when it has one, none otherwise.
   *
   * @throws IllegalArgumentException for TLS over the Netty transport, which Cairn does not wire
   */
  static Parameters parameters(RaftStoreConfig config) {
    Parameters p = new Parameters();
    ClusterTls tls = config.tls();
    if (tls == null) {
      return p;
    }
    if (config.transport() != RaftStoreConfig.Transport.GRPC) {
      throw new IllegalArgumentException("Raft over TLS needs the gRPC transport, not "
          + config.transport());
    }
    if (tls.keyManager() == null) {
      throw new IllegalArgumentException("Raft over TLS needs this store's certificate and key: "
          + tls.settings());
    }
    GrpcConfigKeys.TLS.setConf(p, new GrpcTlsConfig(tls.keyManager(), tls.trustManager(), true));
    return p;
  }
}
