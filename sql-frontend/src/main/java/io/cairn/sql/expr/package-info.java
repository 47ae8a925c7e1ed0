/**
 * Translation of Calcite row expressions into the coprocessor's {@code Expr} trees ({@link
 * io.cairn.sql.expr.RexTranslator}), the one place where planned expressions meet MySQL value
 * semantics. The same trees will be serialized into coprocessor DAG requests for pushdown.
 */
package io.cairn.sql.expr;
