package io.cairn.storage.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

  @Test
  void unitsAreBinary() {
    assertThat(ByteSize.parse("1024")).isEqualTo(1024);
    assertThat(ByteSize.parse("7B")).isEqualTo(7);
    assertThat(ByteSize.parse("8KiB")).isEqualTo(8 << 10);
    assertThat(ByteSize.parse("96MiB")).isEqualTo(96L << 20);
    assertThat(ByteSize.parse("96MB")).isEqualTo(96L << 20);
    assertThat(ByteSize.parse(" 96 m ")).isEqualTo(96L << 20);
    assertThat(ByteSize.parse("2gib")).isEqualTo(2L << 30);
    assertThat(ByteSize.parse("1TiB")).isEqualTo(1L << 40);
  }

  @Test
  void malformedSizesAreRefused() {
    for (String bad : new String[] {"", "MiB", "-1", "1.5MiB", "12PB", "99999999999TiB",
        "99999999999999999999"}) {
      assertThatThrownBy(() -> ByteSize.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
