package io.cairn.tikv.retry;

/** How a backoff spreads its sleeps so that retrying clients do not move in lockstep. */
public enum Jitter {
  /** Exactly the exponential value. */
  NONE,
  /** A uniformly random value in {@code [0, value]}. */
  FULL,
  /** Half the value plus a random half: never less than half. */
  EQUAL,
  /** A random value between the base and three times the previous sleep (capped). */
  DECORRELATED
}
