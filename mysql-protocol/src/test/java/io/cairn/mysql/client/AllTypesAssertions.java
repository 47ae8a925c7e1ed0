package io.cairn.mysql.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/** What a JDBC client must read back from the fake's {@code all_types} table, either protocol. */
final class AllTypesAssertions {

  private AllTypesAssertions() {}

  static void assertAllTypes(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    assertThat(md.getColumnCount()).isEqualTo(22);
    assertThat(md.getColumnLabel(1)).isEqualTo("c_tiny");
    assertThat(rs.next()).isTrue();
    assertThat(rs.getInt("c_tiny")).isEqualTo(-5);
    assertThat(rs.getInt("c_utiny")).isEqualTo(250);
    assertThat(rs.getInt("c_short")).isEqualTo(-1234);
    assertThat(rs.getInt("c_int24")).isEqualTo(70000);
    assertThat(rs.getInt("c_int")).isEqualTo(-123456789);
    assertThat(rs.getLong("c_bigint")).isEqualTo(9007199254740993L);
    assertThat(rs.getBigDecimal("c_ubigint")).isEqualTo(new BigDecimal("18446744073709551615"));
    assertThat(rs.getFloat("c_float")).isEqualTo(1.5f);
    assertThat(rs.getDouble("c_double")).isEqualTo(3.141592653589793d);
    assertThat(rs.getBigDecimal("c_decimal")).isEqualByComparingTo("12345.678");
    assertThat(rs.getObject("c_date", LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(rs.getObject("c_datetime", LocalDateTime.class))
        .isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123456000));
    assertThat(rs.getObject("c_timestamp", LocalDateTime.class))
        .isEqualTo(LocalDateTime.of(2024, 3, 1, 1, 2, 3));
    assertThat(rs.getObject("c_time", LocalTime.class)).isEqualTo(LocalTime.of(12, 34, 56));
    assertThat(rs.getInt("c_year")).isEqualTo(2024);
    assertThat(rs.getString("c_varchar")).isEqualTo("héllo wörld");
    assertThat(rs.getString("c_char")).isEqualTo("abc");
    assertThat(rs.getString("c_text")).isEqualTo("some text");
    assertThat(rs.getBytes("c_blob")).containsExactly(0, 1, 2, 0xff);
    assertThat(rs.getBytes("c_bit")).containsExactly(0xA5);
    assertThat(rs.getString("c_enum")).isEqualTo("b");
    assertThat(rs.getString("c_json")).isEqualTo("{\"a\": 1}");
    assertThat(rs.next()).isTrue();
    for (int i = 1; i <= 22; i++) {
      assertThat(rs.getObject(i)).as("column %d of the NULL row", i).isNull();
      assertThat(rs.wasNull()).isTrue();
    }
    assertThat(rs.next()).isFalse();
  }
}
