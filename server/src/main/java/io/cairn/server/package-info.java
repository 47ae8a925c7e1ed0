/** Launchers (cairn-server, cairn-node, cairn-pd, cairn-kv), configuration and the status/metrics endpoints. */
package io.cairn.server;
