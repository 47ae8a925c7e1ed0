package io.cairn.pd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void pdStyleAndIsoDurations() {
    assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("2m500ms")).isEqualTo(Duration.ofMillis(120_500));
    assertThat(Durations.parse("PT3S")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void malformedOrZeroDurationsAreRefused() {
    for (String bad : new String[] {"", "30", "m", "30x", "1h 30m", "0s", "-5s", "PTxS"}) {
      assertThatThrownBy(() -> Durations.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
