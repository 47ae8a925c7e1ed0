package io.cairn.sql.plan;

import io.cairn.coprocessor.expr.ExprBuilder;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.sql.exec.ExecNode;
import io.cairn.sql.expr.RexTranslator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.calcite.rel.RelNode;

/**
 * Turns a tree of {@link CairnRel}s into {@link ExecNode}s for one set of parameter values: the
 * expressions of each operator are translated once here, against the MySQL types of the
 * operator's already implemented inputs. Not thread-safe; one per implementation pass.
 */
public final class Implementor {
  private final ExprBuilder builder;
  private final List<Object> params;

  public Implementor(ExprBuilder builder, List<Object> params) {
    this.builder = builder;
    this.params = Collections.unmodifiableList(new ArrayList<>(params));
  }

  public ExecNode visit(RelNode rel) {
    if (rel instanceof CairnRel c) {
      return c.implement(this);
    }
    throw new IllegalStateException("not a physical operator: " + rel.getRelTypeName());
  }

  public ExprBuilder builder() {
    return builder;
  }

  public RexTranslator translator(List<FieldType> inputTypes, RelNode input) {
    return new RexTranslator(builder, inputTypes, input == null ? null : input.getRowType().getFieldNames(), params);
  }

  public List<Object> params() {
    return params;
  }
}
