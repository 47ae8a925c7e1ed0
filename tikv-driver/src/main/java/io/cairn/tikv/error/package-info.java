/**
 * The driver's internal failure types and the one place where they become kv-interface errors
 * ({@link io.cairn.tikv.error.ErrorTranslator}, TiDB's {@code ToTiDBErr}).
 */
package io.cairn.tikv.error;
