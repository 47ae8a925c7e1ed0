/**
 * Memcomparable encodings, TiDB's table/index key layout and the compact row value format.
 *
 * <p>Entry points: {@link io.cairn.codec.TableCodec} for keys, {@link io.cairn.codec.RowCodec}
 * and {@link io.cairn.codec.RowDecoder} for row values, {@link io.cairn.codec.DatumCodec} for
 * typed datums. Every encoder appends to a {@link io.cairn.codec.ByteWriter} and every decoder
 * reads from a {@link io.cairn.codec.ByteReader}; malformed bytes raise {@link
 * io.cairn.codec.CodecException}, wrong Java values {@link IllegalArgumentException}.
 */
package io.cairn.codec;
