package io.cairn.coprocessor.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.Row;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.List;

/**
 * An aggregate function: partial (over input rows, on the storage node) or merging (over partial
 * results, at the root). Create them with {@link AggFunctions}. A function is immutable and
 * thread-safe; each group holds its own {@link State}, which is not.
 */
public interface AggFunction {

  /** The columns {@link State#emit} writes: one, or two (sum, count) for a partial AVG. */
  List<FieldType> outputTypes();

  State newState();

  /** The running value of one group. */
  interface State {
    void update(Row row, EvalContext ctx);

    /** Writes {@code outputTypes().size()} values into {@code out} from {@code at}. */
    void emit(Object[] out, int at, EvalContext ctx);
  }
}
