package io.cairn.bench;

import io.cairn.codec.ColumnType;
import io.cairn.codec.RowCodec;
import io.cairn.codec.RowDecoder;
import io.cairn.codec.TableCodec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Encoding and decoding of a sysbench-shaped row (id, k, c CHAR(120), pad CHAR(60)) and its key. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBench {

  private final long[] ids = {1, 2, 3, 4};
  private final ColumnType[] types = {
    ColumnType.INT64, ColumnType.INT64, ColumnType.BYTES, ColumnType.BYTES
  };
  private Object[] values;
  private byte[] encoded;
  private RowDecoder decoder;
  private long handle;

  @Setup
  public void setUp() {
    values =
        new Object[] {
          42L,
          4999L,
          "83868641912-28773972837-60736120486-75162659906-27563526494-20381887404-41576422241-93426793964-56405065102-33518432330".getBytes(),
          "67847967377-48000963322-62604785301-91415491898-96926520291".getBytes()
        };
    encoded = RowCodec.encode(ids, types, values);
    decoder =
        new RowDecoder(
            List.of(
                new RowDecoder.Column(1, ColumnType.INT64),
                new RowDecoder.Column(2, ColumnType.INT64),
                new RowDecoder.Column(3, ColumnType.BYTES),
                new RowDecoder.Column(4, ColumnType.BYTES)));
  }

  @Benchmark
  public byte[] encodeRow() {
    return RowCodec.encode(ids, types, values);
  }

  @Benchmark
  public Object[] decodeRow() {
    return decoder.decode(encoded);
  }

  @Benchmark
  public byte[] recordKey() {
    return TableCodec.recordKey(73, handle++);
  }
}
