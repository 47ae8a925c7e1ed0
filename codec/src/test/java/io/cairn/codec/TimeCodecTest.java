package io.cairn.codec;

import static io.cairn.codec.Codecs.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class TimeCodecTest {

  private static byte[] time(MysqlTime t) {
    return Codecs.encode((w, x) -> TimeCodec.writeTime(w, (MysqlTime) x), t);
  }

  /** TiDB Time.ToPackedUint, the form TiDB writes into keys after a uintFlag. */
  @Test
  void goldenPackedTimes() {
    MysqlTime dt = MysqlTime.datetime(2016, 6, 23, 11, 30, 45, 0, 0);
    assertThat(dt.toPackedUint()).isEqualTo(0x1999AEB7AD000000L);
    assertThat(time(dt)).isEqualTo(bytes("1999aeb7ad000000"));
    assertThat(time(MysqlTime.date(2016, 6, 23))).isEqualTo(bytes("1999ae0000000000"));
    assertThat(MysqlTime.datetime(2016, 6, 23, 11, 30, 45, 123_456, 6).toPackedUint())
        .isEqualTo(0x1999AEB7AD01E240L);
    assertThat(time(MysqlTime.zero(MysqlTime.Type.TIMESTAMP, 0))).isEqualTo(bytes("0000000000000000"));
  }

  @Test
  void mysqlZeroDatesRoundTrip() {
    MysqlTime zero = MysqlTime.zero(MysqlTime.Type.DATE, 0);
    assertThat(zero.isZero()).isTrue();
    assertThat(zero).hasToString("0000-00-00");
    MysqlTime zeroInDate = MysqlTime.date(2024, 0, 0);
    assertThat(zeroInDate.isZero()).isFalse();
    assertThat(MysqlTime.fromPackedUint(zeroInDate.toPackedUint(), MysqlTime.Type.DATE, 0))
        .isEqualTo(zeroInDate);
    assertThat(MysqlTime.fromPackedUint(0, MysqlTime.Type.DATETIME, 2))
        .hasToString("0000-00-00 00:00:00.00");
    assertThat(zero.compareTo(zeroInDate)).isNegative();
  }

  @Test
  void textForm() {
    assertThat(MysqlTime.datetime(2016, 6, 23, 1, 2, 3, 120_000, 3))
        .hasToString("2016-06-23 01:02:03.120");
    assertThat(MysqlTime.timestamp(1999, 12, 31, 23, 59, 59, 0, 0))
        .hasToString("1999-12-31 23:59:59");
  }

  @Test
  void rejectsOutOfRangeFields() {
    assertThatThrownBy(() -> MysqlTime.date(2020, 13, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MysqlTime(MysqlTime.Type.DATE, 0, 2020, 1, 1, 1, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MysqlTime.datetime(2020, 1, 1, 0, 0, 0, 0, 7))
        .isInstanceOf(IllegalArgumentException.class);
    long hour31 = (31L << 12) << 24;
    assertThatThrownBy(() -> MysqlTime.fromPackedUint(hour31, MysqlTime.Type.DATETIME, 0))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> MysqlTime.fromPackedUint(-1L, MysqlTime.Type.DATETIME, 0))
        .isInstanceOf(CodecException.class);
  }

  /** TiDB stores a TIME as Go's time.Duration: int64 nanoseconds. */
  @Test
  void goldenDurations() {
    Duration d = Duration.parse("PT12H59M59.999999S");
    assertThat(Codecs.encode((w, x) -> TimeCodec.writeDuration(w, (Duration) x), d))
        .isEqualTo(bytes("80002a9079601c18"));
    assertThat(Codecs.encode((w, x) -> TimeCodec.writeDuration(w, (Duration) x), Duration.ofNanos(-1)))
        .isEqualTo(bytes("7fffffffffffffff"));
    assertThatThrownBy(() -> TimeCodec.durationNanos(Duration.ofDays(200_000)))
        .isInstanceOf(CodecException.class);
  }

  @Test
  void datePropertyOrderAndRoundTrip() {
    timeProperty("date", MysqlTime.Type.DATE);
  }

  @Test
  void datetimePropertyOrderAndRoundTrip() {
    timeProperty("datetime", MysqlTime.Type.DATETIME);
  }

  @Test
  void timestampPropertyOrderAndRoundTrip() {
    timeProperty("timestamp", MysqlTime.Type.TIMESTAMP);
  }

  private static void timeProperty(String name, MysqlTime.Type type) {
    // The fsp is a column property; both values of a pair share one.
    int[] fsp = {0};
    Codecs.checkOrderAndRoundTrip(
        name,
        r -> {
          fsp[0] = type == MysqlTime.Type.DATE ? 0 : r.nextInt(7);
          MysqlTime a = Gen.time(r, type, fsp[0]);
          return new Object[] {a, r.nextBoolean() ? Gen.nearTime(r, a) : Gen.time(r, type, fsp[0])};
        },
        (w, v) -> TimeCodec.writeTime(w, (MysqlTime) v),
        r -> TimeCodec.readTime(r, type, fsp[0]),
        Gen.order(ColumnType.DATE),
        Objects::equals);
  }

  @Test
  void durationPropertyOrderAndRoundTrip() {
    Codecs.checkOrderAndRoundTrip(
        "duration",
        r -> {
          Duration a = Gen.duration(r);
          return new Object[] {a, Gen.near(r, ColumnType.duration(0), r.nextBoolean() ? a : Gen.duration(r))};
        },
        (w, v) -> TimeCodec.writeDuration(w, (Duration) v),
        TimeCodec::readDuration,
        Gen.order(ColumnType.duration(0)),
        Objects::equals);
  }
}
