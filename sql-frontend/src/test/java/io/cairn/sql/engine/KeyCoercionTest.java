package io.cairn.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.sql.catalog.SqlType;
import io.cairn.sql.catalog.TypeKind;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class KeyCoercionTest {
  private static final SqlType INT = SqlType.integer();
  private static final SqlType UBIGINT = new SqlType(TypeKind.BIGINT, 0, 0, true, false);

  private static KeyCoercion.Result key(Object v, SqlType t) {
    return KeyCoercion.integerKey(v, t);
  }

  @Test
  void integersAndIntegralNumbersAreExactKeys() {
    assertThat(key(42L, INT)).isEqualTo(new KeyCoercion.Exact(42));
    assertThat(key(-5L, INT)).isEqualTo(new KeyCoercion.Exact(-5));
    assertThat(key(new BigDecimal("42.000"), INT)).isEqualTo(new KeyCoercion.Exact(42));
    assertThat(key(42.0, INT)).isEqualTo(new KeyCoercion.Exact(42));
  }

  @Test
  void fractionsNullAndOutOfRangeValuesMatchNothing() {
    assertThat(key(null, INT)).isEqualTo(KeyCoercion.NoMatch.INSTANCE);
    assertThat(key(new BigDecimal("1.5"), INT)).isEqualTo(KeyCoercion.NoMatch.INSTANCE);
    assertThat(key(1.5, INT)).isEqualTo(KeyCoercion.NoMatch.INSTANCE);
    assertThat(key(3_000_000_000L, INT)).isEqualTo(KeyCoercion.NoMatch.INSTANCE);
    assertThat(key(-1L, UBIGINT)).isEqualTo(KeyCoercion.NoMatch.INSTANCE);
    assertThat(key(new BigDecimal("1e30"), INT)).isEqualTo(KeyCoercion.NoMatch.INSTANCE);
  }

  @Test
  void unsignedBigintAboveSignedRangeIsStoredByItsBits() {
    assertThat(key(new BigDecimal("18446744073709551615"), UBIGINT)).isEqualTo(new KeyCoercion.Exact(-1));
    assertThat(key(new BigDecimal("18446744073709551616"), UBIGINT)).isEqualTo(KeyCoercion.NoMatch.INSTANCE);
  }

  @Test
  void digitStringsAreExactOthersAreLeftToTheScan() {
    assertThat(key("42", INT)).isEqualTo(new KeyCoercion.Exact(42));
    assertThat(key(" -7", INT)).isEqualTo(new KeyCoercion.Exact(-7));
    assertThat(key("+7", INT)).isEqualTo(new KeyCoercion.Exact(7));
    assertThat(key("42abc", INT)).isEqualTo(KeyCoercion.Unknown.INSTANCE);
    assertThat(key("4.2e1", INT)).isEqualTo(KeyCoercion.Unknown.INSTANCE);
    assertThat(key("", INT)).isEqualTo(KeyCoercion.Unknown.INSTANCE);
    // Sixteen digits may equal a neighbouring integer once both are doubles.
    assertThat(key("1234567890123456", UBIGINT)).isEqualTo(KeyCoercion.Unknown.INSTANCE);
  }

  @Test
  void hugeDoublesAreLeftToTheScan() {
    assertThat(key(9.007199254740992E15, UBIGINT)).isEqualTo(KeyCoercion.Unknown.INSTANCE);
    assertThat(key(Double.NaN, INT)).isEqualTo(KeyCoercion.Unknown.INSTANCE);
  }
}
