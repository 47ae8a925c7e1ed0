/**
 * Cairn's executors: a pull-based tree of {@link io.cairn.sql.exec.Executor}s handing out batches
 * of rows (arrays of evaluator values), built from immutable {@link io.cairn.sql.exec.ExecNode}s
 * whose expressions are coprocessor {@code Expr}s evaluated by the coprocessor's evaluator. No
 * code is generated per execution.
 *
 * <p>Operators: values, table scan ({@link io.cairn.sql.exec.TableSource}, the extension point
 * for stored tables), project, filter, hash aggregation, sort with offset/limit (TopN), union
 * [all], and a join that is a hash join on equi-keys or a nested loop otherwise, for inner, left,
 * right, full, semi and anti joins. Equality-based operators (grouping, DISTINCT, hash join keys)
 * hash {@link io.cairn.sql.exec.Rows#hashKey}s that agree with the evaluator's comparison
 * (collation sort keys for strings); the join still evaluates its full condition on every
 * candidate, so hashing never decides semantics. Sorting uses the evaluator's comparators, NULLs
 * first ascending.
 *
 * <p>Everything is in memory for now: sorts, hash tables and aggregation are materialized (memory
 * quotas and spilling come later). Root aggregation accumulators live in {@link
 * io.cairn.sql.exec.HashAggNode} until the coprocessor's merge functions land.
 */
package io.cairn.sql.exec;
