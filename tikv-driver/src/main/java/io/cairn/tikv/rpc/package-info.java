/**
 * Sending requests to storage nodes (client-go's {@code internal/client} and the region request
 * sender): channels and connection pools, the table of RPC kinds, the interceptor chain with
 * its fault injector, and the region request sender with client-go's region-error handling.
 */
package io.cairn.tikv.rpc;
