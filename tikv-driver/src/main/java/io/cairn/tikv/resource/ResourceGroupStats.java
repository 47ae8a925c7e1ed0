package io.cairn.tikv.resource;

import java.time.Duration;

/**
 * One resource group's counters at one moment, since the group was created (altering a group
 * keeps them; dropping it discards them).
 *
 * @param availableRu tokens in the group's bucket, negative while requests wait on its debt,
 *     infinite for an unlimited group
 * @param readRu read request units consumed (including CPU reported by the SQL layer)
 * @param writeRu write request units consumed (net of refunds for failed writes)
 * @param throttledRequests requests that had to wait for tokens
 * @param overMaxWaitRequests throttled requests whose wait was cut at the maximum wait; they
 *     were sent anyway, owing their tokens to the bucket
 * @param waitTime total time requests of the group spent waiting
 */
public record ResourceGroupStats(
    ResourceGroup group,
    double availableRu,
    double readRu,
    double writeRu,
    double cpuMs,
    long readRequests,
    long writeRequests,
    long throttledRequests,
    long overMaxWaitRequests,
    Duration waitTime) {

  public String name() {
    return group.name();
  }

  public double totalRu() {
    return readRu + writeRu;
  }
}
