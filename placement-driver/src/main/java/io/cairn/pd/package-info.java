/** The placement driver: TSO, cluster and store registry, region routing, heartbeats and scheduling. */
package io.cairn.pd;
