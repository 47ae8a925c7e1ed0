package io.cairn.slt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueRendererTest {

  @ParameterizedTest(name = "{0} as {1} → {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "<null>",
      value = {
        "<null>   | I | NULL",
        "<null>   | T | NULL",
        "''       | T | (empty)",
        "42       | I | 42",
        "-42      | I | -42",
        "12.9     | I | 12",
        "-12.9    | I | -12",
        "-0.5     | I | 0",
        "12abc    | I | 12",
        "abc      | I | 0",
        "1e3      | I | 1000",
        "9223372036854775807 | I | 9223372036854775807",
        "18446744073709551615 | I | 18446744073709551615",
        "2.5      | R | 2.500",
        "-0.0001  | R | -0.000",
        "7        | R | 7.000",
        "1.23456  | R | 1.235",
        "x        | R | 0.000",
        "hello    | T | hello",
        "12.50    | T | 12.50",
      })
  void rendersAsTheFormatDefines(String value, char type, String expected) {
    assertThat(ValueRenderer.render(value, type)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"a\tb | a@b", "é | @@", "€x | @@@x"})
  void replacesEachNonPrintableByteWithAnAt(String value, String expected) {
    assertThat(ValueRenderer.render(value, 'T')).isEqualTo(expected);
  }
}
