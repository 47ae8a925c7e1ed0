package io.cairn.tikv.resource;

import java.time.Duration;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** A registered group: its current settings, its token bucket and its counters. */
final class GroupState {

  private volatile ResourceGroup settings;
  final TokenBucket bucket;
  final DoubleAdder readRu = new DoubleAdder();
  final DoubleAdder writeRu = new DoubleAdder();
  final DoubleAdder cpuMs = new DoubleAdder();
  final LongAdder readRequests = new LongAdder();
  final LongAdder writeRequests = new LongAdder();
  final LongAdder throttled = new LongAdder();
  final LongAdder overMaxWait = new LongAdder();
  final LongAdder waitNanos = new LongAdder();

  GroupState(ResourceGroup settings, LongSupplier nanoClock) {
    this.settings = settings;
    this.bucket = new TokenBucket(rate(settings), capacity(settings), nanoClock);
  }

  ResourceGroup settings() {
    return settings;
  }

  String name() {
    return settings.name();
  }

  void reconfigure(ResourceGroup newSettings) {
    bucket.reconfigure(rate(newSettings), capacity(newSettings));
    settings = newSettings;
  }

  ResourceGroupStats stats() {
    return new ResourceGroupStats(settings, bucket.available(), readRu.sum(), writeRu.sum(), cpuMs.sum(),
        readRequests.sum(), writeRequests.sum(), throttled.sum(), overMaxWait.sum(), Duration.ofNanos(waitNanos.sum()));
  }

  private static double rate(ResourceGroup g) {
    return g.isUnlimited() ? Double.POSITIVE_INFINITY : g.ruPerSec();
  }

  private static double capacity(ResourceGroup g) {
    return g.isUnlimited() ? Double.POSITIVE_INFINITY : g.burst();
  }
}
