package io.cairn.tikv.copr;

import io.cairn.tikv.retry.Backoffer;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the coprocessor client.
 *
 * @param timeout the deadline of each Coprocessor RPC (client-go's {@code ReadTimeoutMedium},
 *     60 s): the node stops the DAG when it passes
 * @param backoffBudgetMillis the retry budget of one region task, re-split pieces included
 *     (client-go's {@code copNextMaxBackoff}, 20 s)
 */
public record CopConfig(Duration timeout, long backoffBudgetMillis) {

  public CopConfig {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("coprocessor timeout must be positive: " + timeout);
    }
    if (backoffBudgetMillis < 0) {
      throw new IllegalArgumentException("negative backoff budget " + backoffBudgetMillis);
    }
  }

  public static CopConfig defaults() {
    return new CopConfig(Duration.ofSeconds(60), Backoffer.COPROCESSOR_BUDGET_MS);
  }

  public CopConfig withTimeout(Duration t) {
    return new CopConfig(t, backoffBudgetMillis);
  }

  public CopConfig withBackoffBudgetMillis(long ms) {
    return new CopConfig(timeout, ms);
  }
}
