/** Memcomparable encodings, TiDB's table/index key layout and the compact row value format. */
package io.cairn.codec;
