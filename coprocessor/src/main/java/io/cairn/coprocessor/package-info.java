/** DAG request model, MySQL-semantics expression evaluation and the scan/selection/aggregation/topN/limit executors. */
package io.cairn.coprocessor;
