package io.cairn.mysql.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.mysql.wire.MalformedPacketException;
import io.cairn.mysql.wire.PayloadReader;
import io.cairn.sql.session.Temporal;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class BinaryParametersTest {

  private static Object decode(int type, boolean unsigned, int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) bytes[i];
    }
    PayloadReader r = new PayloadReader(b);
    Object v = BinaryParameters.decode(r, type, unsigned);
    assertThat(r.hasRemaining()).as("all bytes consumed").isFalse();
    return v;
  }

  @Test
  void integersBySignedness() {
    assertThat(decode(0x01, false, 0xff)).isEqualTo(-1L);
    assertThat(decode(0x01, true, 0xff)).isEqualTo(255L);
    assertThat(decode(0x02, false, 0xfe, 0xff)).isEqualTo(-2L);
    assertThat(decode(0x02, true, 0xfe, 0xff)).isEqualTo(65534L);
    assertThat(decode(0x03, false, 0xff, 0xff, 0xff, 0xff)).isEqualTo(-1L);
    assertThat(decode(0x03, true, 0xff, 0xff, 0xff, 0xff)).isEqualTo(4294967295L);
    assertThat(decode(0x09, false, 1, 0, 0, 0)).isEqualTo(1L);
    assertThat(decode(0x0d, false, 0xe8, 0x07)).isEqualTo(2024L);
    assertThat(decode(0x08, true, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)).isEqualTo(-1L);
  }

  @Test
  void floatsDecimalsAndStrings() {
    int f = Float.floatToIntBits(1.5f);
    assertThat(decode(0x04, false, f, f >> 8, f >> 16, f >>> 24)).isEqualTo(1.5d);
    long d = Double.doubleToLongBits(-0.25);
    assertThat(decode(0x05, false, (int) d, (int) (d >> 8), (int) (d >> 16), (int) (d >> 24),
        (int) (d >> 32), (int) (d >> 40), (int) (d >> 48), (int) (d >>> 56))).isEqualTo(-0.25d);
    assertThat(decode(0xf6, false, 4, '-', '1', '.', '5')).isEqualTo(new BigDecimal("-1.5"));
    assertThat((byte[]) decode(0xfd, false, 2, 'h', 'i')).containsExactly('h', 'i');
    assertThat((byte[]) decode(0xfc, false, 1, 0)).containsExactly(0);
    assertThat(decode(0x06, false)).isNull();
  }

  @Test
  void temporals() {
    assertThat(decode(0x0a, false, 4, 0xe8, 0x07, 2, 29))
        .isEqualTo(new Temporal(false, 2024, 2, 29, 0, 0, 0, 0));
    assertThat(decode(0x0c, false, 7, 0xe8, 0x07, 2, 29, 13, 14, 15))
        .isEqualTo(new Temporal(false, 2024, 2, 29, 13, 14, 15, 0));
    assertThat(decode(0x07, false, 11, 0xe8, 0x07, 2, 29, 13, 14, 15, 0x40, 0xe2, 0x01, 0))
        .isEqualTo(new Temporal(false, 2024, 2, 29, 13, 14, 15, 123456));
    assertThat(decode(0x0c, false, 0)).isEqualTo(new Temporal(false, 0, 0, 0, 0, 0, 0, 0));
    assertThat(decode(0x0b, false, 8, 1, 2, 0, 0, 0, 3, 4, 5))
        .isEqualTo(new Temporal(true, 0, 0, 0, 51, 4, 5, 0));
    assertThat(decode(0x0b, false, 12, 0, 0, 0, 0, 0, 1, 2, 3, 1, 0, 0, 0))
        .isEqualTo(new Temporal(false, 0, 0, 0, 1, 2, 3, 1));
  }

  @Test
  void badInputIsMalformed() {
    assertThatThrownBy(() -> decode(0x0c, false, 5, 1, 2, 3, 4, 5)).isInstanceOf(MalformedPacketException.class);
    assertThatThrownBy(() -> decode(0x42, false)).isInstanceOf(MalformedPacketException.class);
    assertThatThrownBy(() -> decode(0x08, false, 1, 2)).isInstanceOf(MalformedPacketException.class);
    assertThatThrownBy(() -> decode(0xf6, false, 3, 'a', 'b', 'c')).isInstanceOf(MalformedPacketException.class);
  }
}
