package io.cairn.sql.plan;

import io.cairn.sql.exec.ExecNode;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;

/**
 * A physical relational operator of Cairn's own convention: it knows how to become an {@link
 * ExecNode} with its expressions translated to the evaluator's. Implementations are immutable,
 * like every Calcite {@link RelNode}.
 */
public interface CairnRel extends RelNode {
  Convention CONVENTION = new Convention.Impl("CAIRN", CairnRel.class);

  ExecNode implement(Implementor implementor);
}
