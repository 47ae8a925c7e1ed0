package io.cairn.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyRangeTest {

  @Test
  void startInclusiveEndExclusive() {
    KeyRange r = new KeyRange(Key.utf8("b"), Key.utf8("d"));
    assertThat(r.contains(Key.utf8("b"))).isTrue();
    assertThat(r.contains(Key.utf8("c\u00ff"))).isTrue();
    assertThat(r.contains(Key.utf8("d"))).isFalse();
    assertThat(r.contains(Key.utf8("a"))).isFalse();
    assertThat(r.isEmpty()).isFalse();
    assertThat(r.toString()).isEqualTo("[62, 64)");
  }

  @Test
  void emptyEndIsUnbounded() {
    KeyRange r = KeyRange.from(Key.utf8("b"));
    assertThat(r.isUnboundedEnd()).isTrue();
    assertThat(r.contains(Key.fromHex("ffffffff"))).isTrue();
    assertThat(r.isEmpty()).isFalse();
    assertThat(KeyRange.all().contains(Key.fromHex("00"))).isTrue();
    assertThat(r.toString()).isEqualTo("[62, +inf)");
  }

  @Test
  void equalBoundsAreEmpty() {
    KeyRange r = new KeyRange(Key.utf8("b"), Key.utf8("b"));
    assertThat(r.isEmpty()).isTrue();
    assertThat(r.contains(Key.utf8("b"))).isFalse();
  }

  @Test
  void rejectsReversedBounds() {
    assertThatThrownBy(() -> new KeyRange(Key.utf8("d"), Key.utf8("b"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void prefixRanges() {
    KeyRange p = KeyRange.prefix(Key.fromHex("61ff"));
    assertThat(p).isEqualTo(new KeyRange(Key.fromHex("61ff"), Key.fromHex("62")));
    assertThat(p.contains(Key.fromHex("61ffffff"))).isTrue();
    assertThat(p.contains(Key.fromHex("62"))).isFalse();
    KeyRange allOnes = KeyRange.prefix(Key.fromHex("ffff"));
    assertThat(allOnes.isUnboundedEnd()).isTrue();
    assertThat(allOnes.contains(Key.fromHex("ffffff01"))).isTrue();
    assertThat(KeyRange.point(Key.utf8("a")).contains(Key.utf8("a"))).isTrue();
    assertThat(KeyRange.point(Key.utf8("a")).contains(Key.fromHex("6100"))).isFalse();
  }
}
