/** The driver's routing configuration, keyed like TiDB's {@code [tikv-client]} section. */
package io.cairn.tikv.config;
