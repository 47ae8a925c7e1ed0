package io.cairn.tikv.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.raft.RaftRegionEngine;
import io.cairn.storage.region.LocalRegionEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InProcessClusterTest {

  @TempDir Path dir;

  @Test
  void embeddedRunsItsRegionsOnRaftAndUnistoreDoesNot() {
    try (InProcessCluster embedded = InProcessCluster.start("t", dir, 1)) {
      assertThat(embedded.nodes().get(0).regionEngine()).isInstanceOf(RaftRegionEngine.class);
      assertThat(dir.resolve("node").resolve("raft")).isDirectory();
    }
    try (InProcessCluster unistore = InProcessCluster.start("t", null, 2)) {
      assertThat(unistore.nodes()).allSatisfy(n ->
          assertThat(n.regionEngine()).isInstanceOf(LocalRegionEngine.class));
    }
  }
}
