package io.cairn.pd.cluster;

import static io.cairn.pd.cluster.Fixtures.key;
import static io.cairn.pd.cluster.Fixtures.peer;
import static io.cairn.pd.cluster.Fixtures.region;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegionTreeTest {

  private static List<Long> ids(List<RegionInfo> rs) {
    return rs.stream().map(RegionInfo::id).toList();
  }

  private static RegionTree fourRegions() {
    RegionTree t = new RegionTree();
    t.put(RegionInfo.of(region(1, "", "b", 1, peer(11, 1))));
    t.put(RegionInfo.of(region(2, "b", "d", 1, peer(12, 1))));
    t.put(RegionInfo.of(region(3, "d", "f", 1, peer(13, 2))));
    t.put(RegionInfo.of(region(4, "f", "", 1, peer(14, 2))));
    return t;
  }

  @Test
  void looksUpByKeyWithUnsignedOrderAndOpenEnd() {
    RegionTree t = new RegionTree();
    t.put(RegionInfo.of(region(1, ByteString.EMPTY, ByteString.copyFrom(new byte[] {(byte) 0x80}),
        1, 1, peer(11, 1))));
    t.put(RegionInfo.of(region(2, ByteString.copyFrom(new byte[] {(byte) 0x80}), ByteString.EMPTY,
        1, 1, peer(12, 1))));
    assertThat(t.getByKey(ByteString.copyFrom(new byte[] {0x7f, (byte) 0xff})).id()).isEqualTo(1);
    assertThat(t.getByKey(ByteString.copyFrom(new byte[] {(byte) 0x80})).id()).isEqualTo(2);
    assertThat(t.getByKey(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff})).id())
        .isEqualTo(2);
    assertThat(t.getByKey(ByteString.EMPTY).id()).isEqualTo(1);
  }

  @Test
  void scanHonoursStartEndAndLimit() {
    RegionTree t = fourRegions();
    assertThat(ids(t.scan(ByteString.EMPTY, ByteString.EMPTY, 0))).containsExactly(1L, 2L, 3L, 4L);
    assertThat(ids(t.scan(key("c"), ByteString.EMPTY, 2))).containsExactly(2L, 3L);
    assertThat(ids(t.scan(key("b"), key("d"), 0))).containsExactly(2L);
    assertThat(ids(t.scan(key("a"), key("d\0"), 0))).containsExactly(1L, 2L, 3L);
    assertThat(ids(t.scan(key("z"), ByteString.EMPTY, 0))).containsExactly(4L);
  }

  @Test
  void putReplacesOverlapsAndKeepsCounts() {
    RegionTree t = fourRegions();
    assertThat(t.regionCount(1)).isEqualTo(2);
    List<RegionInfo> removed = t.put(RegionInfo.of(region(5, "a", "e", 2, peer(15, 3)))
        .withLeader(peer(15, 3)));
    assertThat(ids(removed)).containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(ids(t.all())).containsExactly(5L, 4L);
    assertThat(t.getByKey(key("0"))).as("a gap is allowed").isNull();
    assertThat(t.regionCount(1)).isZero();
    assertThat(t.regionCount(3)).isEqualTo(1);
    assertThat(t.leaderCount(3)).isEqualTo(1);
    t.put(RegionInfo.of(region(5, "a", "e", 2, peer(15, 3))));
    assertThat(t.leaderCount(3)).isZero();
    assertThat(t.size()).isEqualTo(2);
  }
}
