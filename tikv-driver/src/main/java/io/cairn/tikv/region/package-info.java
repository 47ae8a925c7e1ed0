/**
 * Routing state (client-go's {@code internal/locate}): the region cache, invalidation reasons,
 * store health with per-store circuit breakers, health probing and replica selection.
 */
package io.cairn.tikv.region;
