package io.cairn.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.util.Litmus;

/** parse → unparse → parse: the second tree equals the first and unparses to the same text. */
final class RoundTrip {
  private RoundTrip() {}

  static SqlNode check(MySqlParser parser, String sql) {
    SqlNode first = parser.parse(sql);
    String text = MySqlParser.unparse(first);
    SqlNode second;
    try {
      second = parser.parse(text);
    } catch (RuntimeException e) {
      throw new AssertionError("unparsed text of <" + sql + "> does not parse: <" + text + ">", e);
    }
    assertThat(first.equalsDeep(second, Litmus.IGNORE))
        .as("tree of <%s> differs after round trip through <%s>:%n%s", sql, text, MySqlParser.unparse(second))
        .isTrue();
    assertThat(MySqlParser.unparse(second)).as("unparse is stable for <%s>", sql).isEqualTo(text);
    return first;
  }
}
