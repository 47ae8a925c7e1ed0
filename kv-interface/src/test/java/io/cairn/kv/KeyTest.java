package io.cairn.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KeyTest {

  @Test
  void ordersUnsignedLexicographically() {
    assertThat(Key.fromHex("7f")).isLessThan(Key.fromHex("80"));
    assertThat(Key.fromHex("80")).isLessThan(Key.fromHex("ff"));
    assertThat(Key.fromHex("61")).isLessThan(Key.fromHex("6100"));
    assertThat(Key.EMPTY).isLessThan(Key.fromHex("00"));
    assertThat(Key.fromHex("6162")).isEqualByComparingTo(Key.utf8("ab"));
  }

  @Test
  void isImmutable() {
    byte[] raw = {1, 2, 3};
    Key copied = Key.copyOf(raw);
    raw[0] = 9;
    assertThat(copied.toString()).isEqualTo("010203");
    byte[] out = copied.toByteArray();
    out[1] = 9;
    assertThat(copied.byteAt(1)).isEqualTo(2);
    assertThat(Key.copyOf(new byte[] {0, 1, 2, 3, 4}, 1, 3)).isEqualTo(copied);
  }

  @Test
  void hexRoundTripAndEquality() {
    Key key = Key.fromHex("00ff10");
    assertThat(key.toString()).isEqualTo("00ff10");
    assertThat(key).isEqualTo(Key.wrap(new byte[] {0, (byte) 0xff, 0x10})).hasSameHashCodeAs(Key.fromHex("00ff10"));
    assertThat(key).isNotEqualTo(Key.fromHex("00ff"));
    assertThat(key.length()).isEqualTo(3);
    assertThat(key.byteAt(1)).isEqualTo(255);
    assertThat(Key.copyOf(new byte[0])).isSameAs(Key.EMPTY);
  }

  /** The cases of TiDB's TestPrefixNext. */
  @Test
  void prefixNextMatchesTiDB() {
    assertThat(Key.fromHex("616263").prefixNext()).isEqualTo(Key.fromHex("616264"));
    assertThat(Key.fromHex("01ff").prefixNext()).isEqualTo(Key.fromHex("0200"));
    assertThat(Key.fromHex("01ffff").prefixNext()).isEqualTo(Key.fromHex("020000"));
    assertThat(Key.fromHex("ffff").prefixNext()).isEqualTo(Key.fromHex("ffff00"));
    assertThat(Key.EMPTY.prefixNext()).isEqualTo(Key.fromHex("00"));
  }

  @Test
  void prefixEndIsTheTightestBound() {
    assertThat(Key.fromHex("61ff").prefixEnd()).isEqualTo(Key.fromHex("62"));
    assertThat(Key.fromHex("6162").prefixEnd()).isEqualTo(Key.fromHex("6163"));
    assertThat(Key.fromHex("ffff").prefixEnd()).isEqualTo(Key.EMPTY);
    assertThat(Key.EMPTY.prefixEnd()).isEqualTo(Key.EMPTY);
  }

  @Test
  void nextAppendsAZeroByte() {
    assertThat(Key.utf8("a").next()).isEqualTo(Key.fromHex("6100"));
    assertThat(Key.utf8("a").append(new byte[] {1, 2})).isEqualTo(Key.fromHex("610102"));
    assertThat(Key.utf8("abc").startsWith(Key.utf8("ab"))).isTrue();
    assertThat(Key.utf8("ab").startsWith(Key.utf8("abc"))).isFalse();
  }

  @Test
  void fromHexRejectsGarbage() {
    assertThatThrownBy(() -> Key.fromHex("zz")).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Random keys: compareTo agrees with unsigned array comparison, next() is the successor, and
   * prefixNext() is above every extension of the key and not above the next sibling prefix.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void orderProperties(long seed) {
    Random rnd = new Random(seed);
    for (int i = 0; i < 10_000; i++) {
      Key a = randomKey(rnd);
      Key b = randomKey(rnd);
      assertThat(Integer.signum(a.compareTo(b)))
          .as("seed %d case %d: %s vs %s", seed, i, a, b)
          .isEqualTo(Integer.signum(Arrays.compareUnsigned(a.toByteArray(), b.toByteArray())));
      assertThat(a.next()).as("seed %d case %d", seed, i).isGreaterThan(a);
      if (b.compareTo(a) > 0) {
        assertThat(b).as("seed %d case %d", seed, i).isGreaterThanOrEqualTo(a.next());
      }
      Key extension = a.append(randomKey(rnd).toByteArray());
      Key pn = a.prefixNext();
      assertThat(pn).as("seed %d case %d: %s", seed, i, a).isGreaterThan(a);
      if (!a.prefixEnd().isEmpty()) {
        assertThat(pn).as("seed %d case %d: %s ext %s", seed, i, a, extension).isGreaterThan(extension);
        assertThat(pn.startsWith(a)).as("seed %d case %d", seed, i).isFalse();
        assertThat(pn.length()).isEqualTo(a.length());
        Key end = a.prefixEnd();
        assertThat(end).as("seed %d case %d: %s ext %s", seed, i, a, extension).isGreaterThan(extension);
        assertThat(end.compareTo(b) > 0 && b.compareTo(a) >= 0)
            .as("seed %d case %d: %s in prefix range of %s", seed, i, b, a)
            .isEqualTo(b.startsWith(a));
      }
    }
  }

  private static Key randomKey(Random rnd) {
    byte[] b = new byte[rnd.nextInt(5)];
    for (int j = 0; j < b.length; j++) {
      int pick = rnd.nextInt(4);
      b[j] = pick == 0 ? (byte) 0xff : pick == 1 ? 0 : (byte) rnd.nextInt(256);
    }
    return Key.wrap(b);
  }
}
