package io.cairn.pd;

import io.cairn.pd.storage.MetaStore;
import io.cairn.pd.storage.WriteBatch;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * The cluster id and this PD member's id, generated on first start and persisted (keys
 * {@value #CLUSTER_KEY} and {@value #MEMBER_KEY}, 8-byte big-endian). The cluster id is, as in
 * PD, the creation time in seconds in the high 32 bits and random low bits, so it is non-zero and
 * two clusters created by the same script differ.
 */
public record ClusterIdentity(long clusterId, long memberId) {

  static final String CLUSTER_KEY = "cluster/id";
  static final String MEMBER_KEY = "cluster/member-id";

  /** Loads the identity from {@code store}, creating it on first start. */
  public static ClusterIdentity loadOrCreate(MetaStore store, PdClock clock) {
    byte[] c = store.get(CLUSTER_KEY);
    byte[] m = store.get(MEMBER_KEY);
    if (c != null && m != null) {
      return new ClusterIdentity(ByteBuffer.wrap(c).getLong(), ByteBuffer.wrap(m).getLong());
    }
    SecureRandom random = new SecureRandom();
    long clusterId = ((clock.millis() / 1000) << 32) | (random.nextInt() & 0xffffffffL);
    long memberId = random.nextLong() & Long.MAX_VALUE | 1;
    store.write(new WriteBatch()
        .put(CLUSTER_KEY, ByteBuffer.allocate(8).putLong(clusterId).array())
        .put(MEMBER_KEY, ByteBuffer.allocate(8).putLong(memberId).array()));
    return new ClusterIdentity(clusterId, memberId);
  }
}
