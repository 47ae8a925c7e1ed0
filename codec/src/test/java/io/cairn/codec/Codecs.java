package io.cairn.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Function;

/** Shared checks: a round trip and the agreement of byte order with value order. */
final class Codecs {

  private Codecs() {}

  static byte[] encode(BiConsumer<ByteWriter, Object> writer, Object v) {
    ByteWriter w = new ByteWriter(1);
    writer.accept(w, v);
    return w.toByteArray();
  }

  /**
   * Runs {@link Property#CASES} cases: draws a pair with {@code pairs}, checks that both
   * round-trip (the reader consumes exactly the encoding) and that the unsigned order of the
   * encodings equals {@code order} on the values.
   */
  static void checkOrderAndRoundTrip(
      String name,
      Function<Random, Object[]> pairs,
      BiConsumer<ByteWriter, Object> writer,
      Function<ByteReader, Object> reader,
      Comparator<Object> order,
      BiPredicate<Object, Object> same) {
    Property.forAll(
        name,
        r -> {
          Object[] p = pairs.apply(r);
          byte[] ea = roundTrip(p[0], writer, reader, same);
          byte[] eb = roundTrip(p[1], writer, reader, same);
          int want = Property.sign(order.compare(p[0], p[1]));
          int got = Property.sign(Arrays.compareUnsigned(ea, eb));
          assertThat(got)
              .as("order of %s (%s) vs %s (%s)", Gen.show(p[0]), hex(ea), Gen.show(p[1]), hex(eb))
              .isEqualTo(want);
        });
  }

  /** Encodes, decodes (checking that exactly the encoding was consumed) and compares. */
  static byte[] roundTrip(
      Object v,
      BiConsumer<ByteWriter, Object> writer,
      Function<ByteReader, Object> reader,
      BiPredicate<Object, Object> same) {
    byte[] e = encode(writer, v);
    // Trailing garbage must be left alone by the reader.
    byte[] padded = Arrays.copyOf(e, e.length + 3);
    padded[e.length] = (byte) 0xAB;
    ByteReader r = new ByteReader(padded);
    Object back = reader.apply(r);
    assertThat(r.position()).as("bytes consumed for %s", Gen.show(v)).isEqualTo(e.length);
    assertThat(same.test(v, back))
        .as("round trip of %s gave %s (%s)", Gen.show(v), Gen.show(back), hex(e))
        .isTrue();
    return e;
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }
}
