package io.cairn.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MySqlLexicalNormalizerTest {
  private final MySqlLexicalNormalizer normalizer = new MySqlLexicalNormalizer();

  private String text(String sql) {
    return normalizer.normalize(sql).text();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "SELECT 'a'|SELECT 'a'",
      "SELECT \"a\"|SELECT 'a'",
      "SELECT 'it''s'|SELECT 'it''s'",
      "SELECT 'it\\'s'|SELECT 'it''s'",
      "SELECT \"say \"\"hi\"\"\"|SELECT 'say \"hi\"'",
      "SELECT 'a\\\\b'|SELECT 'a\\b'",
      "SELECT 'x\\%y\\_z'|SELECT 'x\\%y\\_z'",
      "SELECT 'a\\qb'|SELECT 'aqb'",
      "SELECT 'a' 'b'  \"c\"|SELECT 'abc'",
      "SELECT x'4142', X'43'|SELECT x'4142', X'43'",
      "SELECT N'abc'|SELECT N'abc'",
      "INSERT INTO t VALUES (_binary 'a\\0b\u00e9', _Binary'', _UTF8MB4  'c')|INSERT INTO t VALUES (X'610062C3A9', X'', _UTF8MB4'c')",
      "SELECT _foo 'alias', t._binary 'x'|SELECT _foo 'alias', t._binary 'x'",
      "SELECT `a``b` FROM `t`|SELECT `a``b` FROM `t`",
      "SELECT '#', `#` # comment|~SELECT '#', `#` ~",
      "SELECT 1 -- comment|~SELECT 1 ~",
      "SELECT 5--1|SELECT 5- -1",
      "SELECT /* c */ 1|SELECT   1",
      "SELECT /*+ HINT(t) */ 1|SELECT   1",
      "/*!40101 SET NAMES utf8 */|~  SET NAMES utf8  ~",
      "SELECT /*! STRAIGHT */ 1|SELECT   STRAIGHT   1",
      "SELECT\t1|SELECT 1",
      "SELECT '/* not a comment */'|SELECT '/* not a comment */'",
  })
  void rewrites(String in, String out) {
    assertThat(text(in)).isEqualTo(out);
  }

  @Test
  void escapesBecomeCharacters() {
    assertThat(text("'\\0\\b\\n\\r\\t\\Z'")).isEqualTo("'\0\b\n\r\t\u001a'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SELECT 'abc", "SELECT `abc", "SELECT /* abc", "SELECT \"a\\\""})
  void unterminatedTokensPassThrough(String in) {
    assertThat(text(in)).isEqualTo(in);
  }

  @Test
  void originMapsEveryOutputCharacterBackIntoTheInput() {
    String in = "SELECT 'a\\nb' /* x */,\n `c` # y\n FROM t";
    NormalizedSql n = normalizer.normalize(in);
    int fromInOutput = n.text().indexOf("FROM");
    assertThat(n.origin()[fromInOutput]).isEqualTo(in.indexOf("FROM"));
    assertThat(n.origin()[n.text().length()]).isEqualTo(in.length());
    // The \\n escape put a real line break into the rewritten literal; lines count in the rewritten text.
    String before = n.text().substring(0, fromInOutput);
    int line = (int) before.chars().filter(ch -> ch == '\n').count() + 1;
    int column = fromInOutput - before.lastIndexOf('\n');
    assertThat(line).isEqualTo(4);
    assertThat(n.originalOffset(line, column)).isEqualTo(in.indexOf("FROM"));
    assertThat(n.originalLine(in.indexOf("FROM"))).isEqualTo(3);
  }

  /** Random strings with quotes, escapes and backslashes survive dialect quoting and re-reading. */
  @ParameterizedTest
  @ValueSource(longs = {1L, 2L, 3L, 42L, 20261122L})
  void quotedLiteralsReadBackToTheSameValue(long seed) {
    Random random = new Random(seed);
    String alphabet = "ab'\"\\%_\n\t\0\u001a é#-/*`";
    for (int round = 0; round < 200; round++) {
      StringBuilder value = new StringBuilder();
      int len = random.nextInt(12);
      for (int i = 0; i < len; i++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      StringBuilder quoted = new StringBuilder();
      CairnSqlDialect.INSTANCE.quoteStringLiteral(quoted, null, value.toString());
      String standard = text(quoted.toString());
      String read = standard.substring(1, standard.length() - 1).replace("''", "'");
      assertThat(read).as("seed %d round %d value <%s> quoted <%s>", seed, round, value, quoted)
          .isEqualTo(value.toString());
    }
  }
}
