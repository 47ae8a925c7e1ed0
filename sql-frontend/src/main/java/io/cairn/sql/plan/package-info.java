/**
 * Query planning on Calcite into Cairn's own physical operators.
 *
 * <p>Pipeline ({@link io.cairn.sql.plan.QueryPlanner}): parse with the MySQL grammar; rewrite
 * every scalar operator into a {@link io.cairn.sql.plan.CairnOperator} bound to one evaluator
 * {@code FuncId} ({@link io.cairn.sql.plan.MySqlSemanticsRewriter}); validate with Calcite's
 * validator, implicit type coercion and call rewriting off; SqlToRel (subqueries kept as
 * RexSubQuery, no simplification); a Hep pass turning subqueries into correlates, Calcite's
 * decorrelator, a Hep pass pushing filters into joins; a Hep pass splitting window
 * functions into Window rels (after {@link io.cairn.sql.plan.WindowedSumRestorer} undoes Calcite's
 * SUM/AVG expansions); conversion to {@link
 * io.cairn.sql.plan.CairnRel}s ({@link io.cairn.sql.plan.CairnRules}).
 *
 * <p>Decisions:
 * <ul>
 *   <li>One semantics. A Cairn operator's Calcite type is what the coprocessor's {@code
 *       ExprBuilder} derives for its operand types, mapped by {@link io.cairn.sql.plan.TypeMapping};
 *       operand checking accepts anything (MySQL coerces when evaluating). Calcite types exist
 *       only for validation and planning: execution re-derives every type from the evaluator when
 *       {@link io.cairn.sql.expr.RexTranslator} translates the plan, so a lossy mapping (display
 *       widths, collations, UNSIGNED) never reaches results.</li>
 *   <li>Predicates are Calcite BOOLEAN (WHERE/ON/HAVING must be boolean to Calcite) and BIGINT 0/1
 *       to the evaluator. Only EQUALS, IS NOT DISTINCT FROM and AND carry their Calcite kinds, so
 *       join-key extraction and conjunct splitting work; every other operator is opaque to
 *       Calcite's rewrites.</li>
 *   <li>Common types of UNION columns, VALUES rows and CASE-like merges come from the evaluator's
 *       {@code Types.merge} ({@link io.cairn.sql.plan.CairnTypeFactory}); SUM/AVG result types
 *       follow MySQL ({@link io.cairn.sql.plan.CairnTypeSystem}).</li>
 *   <li>Physical conversion is one deterministic bottom-up pass; join algorithm (hash on
 *       equi-keys of identical representation, else nested loop) is chosen at implementation,
 *       where MySQL types are known. A Volcano phase belongs with table scans and statistics.</li>
 *   <li>Tables come in as {@link io.cairn.sql.exec.TableSource}s by name, wrapped as Calcite
 *       tables ({@link io.cairn.sql.plan.SourceTable}); a catalog-backed source with coprocessor
 *       pushdown plugs in there.</li>
 *   <li>Plans are parameterised: {@link io.cairn.sql.plan.PreparedQuery} plans once; each execution
 *       only translates expressions with the bound values (MySQL types a parameter by its value)
 *       and opens executors. Unparameterised plans translate once.</li>
 *   <li>Result labels are MySQL's: alias, column name as written, a string literal's value, else
 *       the expression's original text.</li>
 * </ul>
 */
package io.cairn.sql.plan;
