/**
 * Cairn's executors: a pull-based tree of {@link io.cairn.sql.exec.Executor}s handing out batches
 * of rows (arrays of evaluator values), built from immutable {@link io.cairn.sql.exec.ExecNode}s
 * whose expressions are coprocessor {@code Expr}s evaluated by the coprocessor's evaluator. No
 * code is generated per execution.
 *
 * <p>Operators: values, table scan ({@link io.cairn.sql.exec.TableSource}, the extension point
 * for stored tables), project, filter, hash aggregation, sort with offset/limit (TopN), union
 * [all], window functions ({@link io.cairn.sql.exec.WindowNode}), and a join that is a hash join
 * on equi-keys or a nested loop otherwise, for inner, left,
 * right, full, semi and anti joins. Equality-based operators (grouping, DISTINCT, hash join keys)
 * hash {@link io.cairn.sql.exec.Rows#hashKey}s that agree with the evaluator's comparison
 * (collation sort keys for strings); the join still evaluates its full condition on every
 * candidate, so hashing never decides semantics. Sorting uses the evaluator's comparators, NULLs
 * first ascending.
 *
 * <p>Everything is in memory: sorts, hash tables, aggregation and windows are materialized, and
 * account the approximate bytes they hold to the query's {@link io.cairn.sql.exec.MemoryTracker}
 * (the session's {@code tidb_mem_quota_query}), which fails the query with TiDB's error 8175 over
 * the quota; spilling to disk is not there yet. Root aggregation accumulators live in {@link
 * io.cairn.sql.exec.HashAggNode} until the coprocessor's merge functions land.
 */
package io.cairn.sql.exec;
