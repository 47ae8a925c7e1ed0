/**
 * Resource control on the client side (client-go's resource-control interceptor over PD's
 * local token buckets): a request-unit cost model, resource groups with a token bucket each, a
 * registry of groups changed at runtime, and the RPC interceptor that charges every request to
 * its group and throttles a group over its quota by making its requests wait, never by failing
 * them.
 */
package io.cairn.tikv.resource;
