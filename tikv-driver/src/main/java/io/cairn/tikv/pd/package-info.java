/**
 * The PD client: leader discovery with failover, batched timestamps over one TSO stream, region
 * and store lookups (client-go's {@code pd} client as the driver uses it).
 */
package io.cairn.tikv.pd;
