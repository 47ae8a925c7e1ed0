package io.cairn.coprocessor.expr;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.coprocessor.expr.types.Coercibility;
import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded properties of the collations: comparison is a total order, consistent with its sort key
 * (the hashing key) and with the evaluator's = and <; LIKE agrees with a regular-expression
 * reference. Every failure names its seed.
 */
class CollationPropertyTest {
  private static final String[] ALPHABET = {"a", "A", "b", "B", "é", "E", "e", " ", "\t", "ß", "s", "S", "😀", "\uFFFD", "z", "%", "_"};

  private static String randomString(Random r, int maxLen) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(maxLen + 1);
    for (int i = 0; i < n; i++) {
      sb.append(ALPHABET[r.nextInt(ALPHABET.length)]);
    }
    return sb.toString();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void compareIsATotalOrderConsistentWithSortKey(long seed) {
    Random r = new Random(seed);
    for (Collation coll : List.of(Collation.UTF8MB4_BIN, Collation.UTF8MB4_GENERAL_CI, Collation.BINARY)) {
      List<String> xs = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        xs.add(randomString(r, 5));
      }
      for (String a : xs) {
        assertThat(coll.compare(a, a)).as("seed %d %s reflexive '%s'", seed, coll, a).isZero();
        for (String b : xs) {
          int ab = coll.compare(a, b);
          assertThat(ab).as("seed %d %s antisymmetric '%s' '%s'", seed, coll, a, b).isEqualTo(-coll.compare(b, a));
          assertThat(ab == 0).as("seed %d %s key consistency '%s' '%s'", seed, coll, a, b)
              .isEqualTo(coll.sortKey(a).equals(coll.sortKey(b)));
          for (String c : xs.subList(0, 15)) {
            if (ab <= 0 && coll.compare(b, c) <= 0) {
              assertThat(coll.compare(a, c)).as("seed %d %s transitive '%s' '%s' '%s'", seed, coll, a, b, c)
                  .isLessThanOrEqualTo(0);
            }
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14, 15})
  void evaluatorComparisonsAgreeWithCollation(long seed) {
    Random r = new Random(seed);
    ExprBuilder b = new ExprBuilder();
    EvalContext ctx = ExprTesting.selectContext();
    for (Collation coll : List.of(Collation.UTF8MB4_BIN, Collation.UTF8MB4_GENERAL_CI)) {
      FieldType t = FieldType.varchar(coll, Coercibility.IMPLICIT);
      Expr eq = b.call(FuncId.EQ, b.column(0, t), b.column(1, t));
      Expr lt = b.call(FuncId.LT, b.column(0, t), b.column(1, t));
      Expr nullEq = b.call(FuncId.NULL_EQ, b.column(0, t), b.column(1, t));
      for (int i = 0; i < 500; i++) {
        String x = randomString(r, 4);
        String y = randomString(r, 4);
        int c = coll.compare(x, y);
        Row row = Row.of(x, y);
        assertThat(eq.eval(row, ctx)).as("seed %d %s '%s' = '%s'", seed, coll, x, y).isEqualTo(c == 0 ? 1L : 0L);
        assertThat(nullEq.eval(row, ctx)).as("seed %d %s '%s' <=> '%s'", seed, coll, x, y).isEqualTo(c == 0 ? 1L : 0L);
        assertThat(lt.eval(row, ctx)).as("seed %d %s '%s' < '%s'", seed, coll, x, y).isEqualTo(c < 0 ? 1L : 0L);
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {21, 22, 23, 24, 25})
  void likeAgreesWithARegexReferenceUnderBinaryCollation(long seed) {
    Random r = new Random(seed);
    String[] strAlphabet = {"a", "b", "%", "_", "😀"};
    String[] patAlphabet = {"a", "b", "%", "_", "|%", "|_", "😀"};
    ExprBuilder b = new ExprBuilder();
    EvalContext ctx = ExprTesting.selectContext();
    FieldType t = FieldType.varchar(Collation.UTF8MB4_BIN, Coercibility.IMPLICIT);
    Expr like = b.call(FuncId.LIKE, b.column(0, t), b.column(1, t), b.stringLiteral("|"));
    for (int i = 0; i < 2000; i++) {
      StringBuilder s = new StringBuilder();
      for (int k = r.nextInt(7); k > 0; k--) {
        s.append(strAlphabet[r.nextInt(strAlphabet.length)]);
      }
      StringBuilder p = new StringBuilder();
      StringBuilder regex = new StringBuilder();
      for (int k = r.nextInt(6); k > 0; k--) {
        String tok = patAlphabet[r.nextInt(patAlphabet.length)];
        p.append(tok);
        regex.append(switch (tok) {
          case "%" -> ".*";
          case "_" -> ".";
          case "|%" -> "%";
          case "|_" -> "_";
          default -> Pattern.quote(tok);
        });
      }
      boolean expected = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(s).matches();
      assertThat(like.eval(Row.of(s.toString(), p.toString()), ctx))
          .as("seed %d: '%s' LIKE '%s' ESCAPE '|'", seed, s, p).isEqualTo(expected ? 1L : 0L);
    }
  }
}
