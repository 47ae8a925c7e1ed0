package io.cairn.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.codec.ColumnType;
import io.cairn.coprocessor.expr.types.Collation;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The spans of a string index column hold every stored string that the collation's own
 * comparison ({@link Collation#compare}, the evaluator's) finds equal to, at least or at most
 * the value: random strings over characters that stress PAD SPACE (space, TAB), case and
 * accents (a, A, à, ß, s, S, é, E), supplementary characters and byte order (~, ÿ, 😀).
 */
class StringKeySpansTest {
  private static final String[] CHARS = {"a", "A", "à", "Å", "b", "B", "s", "S", "ß", "e", "é", "E", " ", "\t", "~",
      "ÿ", "😀", "1", "-"};

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void spansHoldEveryStringTheCollationAccepts(long seed) {
    Random rnd = new Random(seed);
    int equalPairs = 0;
    for (int round = 0; round < 4000; round++) {
      Collation collation = rnd.nextBoolean() ? Collation.UTF8MB4_BIN : Collation.UTF8MB4_GENERAL_CI;
      String t = random(rnd);
      String s = rnd.nextInt(3) == 0 ? variant(rnd, t) : random(rnd);
      byte[] datum = KeySpans.encode(ColumnType.BYTES, s.getBytes(StandardCharsets.UTF_8));
      int cmp = collation.compare(s, t);
      String what = "seed " + seed + " round " + round + ": '" + s + "' vs '" + t + "' under " + collation;
      KeySpans equal = StringKeySpans.equal(collation, t);
      if (cmp == 0 && equal != null) {
        equalPairs++;
        assertThat(contains(equal, datum)).as(what + ": equal").isTrue();
      }
      byte[] low = StringKeySpans.atLeast(collation, t);
      byte[] end = StringKeySpans.atMost(collation, t);
      if (collation.isCaseInsensitive()) {
        assertThat(low).as(what).isNull();
        assertThat(end).as(what).isNull();
        continue;
      }
      if (cmp >= 0) {
        assertThat(KeySpans.compare(datum, low)).as(what + ": at least").isGreaterThanOrEqualTo(0);
      }
      if (cmp <= 0) {
        assertThat(KeySpans.compare(datum, end)).as(what + ": at most").isLessThan(0);
      }
    }
    assertThat(equalPairs).as("seed %d: equal pairs checked", seed).isGreaterThan(200);
  }

  private static String random(Random rnd) {
    StringBuilder sb = new StringBuilder();
    for (int n = rnd.nextInt(5); n > 0; n--) {
      sb.append(CHARS[rnd.nextInt(CHARS.length)]);
    }
    return sb.toString();
  }

  /** {@code t} with some characters in another case or accent, and spaces added at the end. */
  private static String variant(Random rnd, String t) {
    StringBuilder sb = new StringBuilder();
    t.codePoints().forEach(cp -> {
      String c = new String(Character.toChars(cp));
      sb.append(rnd.nextBoolean() ? c : switch (c) {
        case "a" -> "À";
        case "s" -> "ß";
        case "e" -> "É";
        default -> c.toUpperCase();
      });
    });
    return sb.append(" ".repeat(rnd.nextInt(3))).toString();
  }

  private static boolean contains(KeySpans spans, byte[] datum) {
    return spans.spans().stream()
        .anyMatch(s -> KeySpans.compare(s.start(), datum) <= 0 && KeySpans.compare(datum, s.end()) < 0);
  }
}
