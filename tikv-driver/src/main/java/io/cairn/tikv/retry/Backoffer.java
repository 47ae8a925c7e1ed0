package io.cairn.tikv.retry;

import java.util.EnumMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The retry budget of one region task (a get, a prewrite batch, a coprocessor task). Each
 * {@link #backoff} call sleeps for the next interval of its kind and counts it against one
 * total budget; once the budget would be exceeded the task fails with the kind's give-up
 * error. Kinds back off independently: a region miss after three lock waits starts at the
 * region-miss base.
 *
 * <p>One Backoffer per task and never nested: a retry loop inside a retry loop multiplies
 * waits (client-java's double backoff). Callers that fan out create a fresh Backoffer per
 * sub-task with {@link #forSubTask()}, which shares nothing but the configuration (and the
 * {@link BackoffMetrics} it reports its sleeps to). Not thread-safe.
 */
public final class Backoffer {

  /** Budgets of client-go, in milliseconds. */
  public static final long GET_BUDGET_MS = 20_000;
  public static final long SCAN_BUDGET_MS = 20_000;
  public static final long BATCH_GET_BUDGET_MS = 20_000;
  public static final long PREWRITE_BUDGET_MS = 40_000;
  public static final long COMMIT_BUDGET_MS = 40_000;
  public static final long CLEANUP_BUDGET_MS = 20_000;
  public static final long COPROCESSOR_BUDGET_MS = 20_000;

  private final long budgetMillis;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final BackoffMetrics metrics;
  private final Map<BackoffKind, Integer> attempts = new EnumMap<>(BackoffKind.class);
  private final Map<BackoffKind, Long> lastSleep = new EnumMap<>(BackoffKind.class);
  private long sleptMillis;

  /** A Backoffer that reports its sleeps nowhere. */
  public Backoffer(long budgetMillis, Sleeper sleeper, RandomGenerator random) {
    this(budgetMillis, sleeper, random, null);
  }

  /** @param metrics where each sleep is counted; null for nowhere */
  public Backoffer(long budgetMillis, Sleeper sleeper, RandomGenerator random, BackoffMetrics metrics) {
    if (budgetMillis < 0) {
      throw new IllegalArgumentException("negative budget " + budgetMillis);
    }
    this.budgetMillis = budgetMillis;
    this.sleeper = sleeper;
    this.random = random;
    this.metrics = metrics;
  }

  /**
   * A Backoffer with the real clock and a fresh random source that reports its sleeps nowhere:
   * for tools and tests. The driver's own tasks use {@link #withBudget(long, BackoffMetrics)}.
   */
  public static Backoffer withBudget(long budgetMillis) {
    return withBudget(budgetMillis, null);
  }

  /**
   * A Backoffer with the real clock and a fresh random source, counting its sleeps in {@code
   * metrics} (null for nowhere).
   */
  public static Backoffer withBudget(long budgetMillis, BackoffMetrics metrics) {
    return new Backoffer(budgetMillis, Sleeper.SYSTEM, RandomGenerator.of("L64X128MixRandom"), metrics);
  }

  /** A fresh budget of the same size for one sub-task of a fan-out. */
  public Backoffer forSubTask() {
    return new Backoffer(budgetMillis, sleeper, random, metrics);
  }

  /**
   * Sleeps before the next attempt after {@code cause}.
   *
   * @throws BackoffExhaustedException when the budget does not allow the sleep
   * @throws BackoffInterruptedException when the thread is interrupted while sleeping
   */
  public void backoff(BackoffKind kind, Throwable cause) {
    backoffAtMost(kind, Long.MAX_VALUE, cause);
  }

  /**
   * Like {@link #backoff} but never sleeps longer than {@code maxSleepMillis}: waiting on a
   * lock needs no more than its remaining TTL.
   */
  public void backoffAtMost(BackoffKind kind, long maxSleepMillis, Throwable cause) {
    long sleep = Math.max(0, Math.min(nextSleep(kind), maxSleepMillis));
    if (sleptMillis + sleep > budgetMillis) {
      throw new BackoffExhaustedException(kind, sleptMillis, budgetMillis, cause);
    }
    attempts.merge(kind, 1, Integer::sum);
    lastSleep.put(kind, sleep);
    sleptMillis += sleep;
    if (metrics != null) {
      metrics.record(kind, sleep);
    }
    try {
      sleeper.sleep(sleep);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackoffInterruptedException(kind, e);
    }
  }

  private long nextSleep(BackoffKind kind) {
    int n = attempts.getOrDefault(kind, 0);
    long base = kind.baseMillis();
    long cap = kind.capMillis();
    // base * 2^n without overflow: beyond 2^30 the cap has long been reached.
    long expo = n >= 30 ? cap : Math.min(cap, base << n);
    return switch (kind.jitter()) {
      case NONE -> expo;
      case FULL -> random.nextLong(expo + 1);
      case EQUAL -> expo / 2 + random.nextLong(expo / 2 + 1);
      case DECORRELATED -> {
        long previous = lastSleep.getOrDefault(kind, base);
        long upper = Math.max(base, Math.min(cap, previous * 3));
        yield base + random.nextLong(upper - base + 1);
      }
    };
  }

  /** Milliseconds slept so far, over all kinds. */
  public long sleptMillis() {
    return sleptMillis;
  }

  public long budgetMillis() {
    return budgetMillis;
  }

  /** How often this task backed off on {@code kind}. */
  public int attempts(BackoffKind kind) {
    return attempts.getOrDefault(kind, 0);
  }
}
