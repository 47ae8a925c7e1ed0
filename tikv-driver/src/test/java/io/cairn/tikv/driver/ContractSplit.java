package io.cairn.tikv.driver;

import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Splits the inherited contract suite between the fast run and the {@code slow} tag: the
 * 100k-key transaction and the 16-thread transfers take tens of seconds through a real node,
 * and the suite's methods are package-private, so they cannot be overridden and tagged.
 */
final class ContractSplit {

  static final Set<String> SLOW = Set.of("largeTransaction", "concurrentTransfersConserveMoney");

  private ContractSplit() {}

  private static boolean isSlow(ExtensionContext ctx) {
    return ctx.getTestMethod().map(m -> SLOW.contains(m.getName())).orElse(false);
  }

  /** Every contract test except the slow ones. */
  static final class Fast implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext ctx) {
      return isSlow(ctx)
          ? ConditionEvaluationResult.disabled("runs in the slow-tagged twin of this class")
          : ConditionEvaluationResult.enabled("fast contract test");
    }
  }

  /** Only the slow contract tests. */
  static final class Slow implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext ctx) {
      return ctx.getTestMethod().isEmpty() || isSlow(ctx)
          ? ConditionEvaluationResult.enabled("slow contract test")
          : ConditionEvaluationResult.disabled("runs in the fast twin of this class");
    }
  }
}
