package io.cairn.storage.util;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of a node's background check, run on its own daemon thread every interval after a
 * first delay. A pass that throws is logged and the next one still runs (a scheduled task that
 * throws would never run again). {@link #close} stops the thread, waiting up to 10 s for a pass
 * in progress. Thread-safe.
 */
public final class PeriodicTask implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PeriodicTask.class);

  private final String name;
  private final ScheduledExecutorService thread;

  /** @param name the thread's name, and the task's in log lines */
  public PeriodicTask(String name) {
    this.name = name;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  public void start(Duration firstDelay, Duration interval, Runnable pass) {
    thread.scheduleWithFixedDelay(() -> {
      try {
        pass.run();
      } catch (RuntimeException e) {
        LOG.error("{} failed", name, e);
      }
    }, firstDelay.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("{} still running after 10 s", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
