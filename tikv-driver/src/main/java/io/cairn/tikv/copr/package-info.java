/**
 * The coprocessor client, after client-go's {@code internal/copr} (TiDB's {@code store/copr}):
 * a request's key ranges split into one task per region, tasks run in parallel up to the
 * request's concurrency, results streamed back in key order or as they come, region errors
 * answered by re-splitting the task's ranges, and locks met resolved before the task retries.
 */
package io.cairn.tikv.copr;
