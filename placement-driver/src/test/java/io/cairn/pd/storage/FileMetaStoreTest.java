package io.cairn.pd.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileMetaStoreTest {

  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void batchesSurviveReopen() {
    try (FileMetaStore s = FileMetaStore.open(dir)) {
      s.write(new WriteBatch().put("a", b("1")).put("b/x", b("2")).put("b/y", b("3")));
      s.write(new WriteBatch().delete("a").put("b/x", b("22")));
    }
    try (FileMetaStore s = FileMetaStore.open(dir)) {
      assertThat(s.get("a")).isNull();
      assertThat(s.get("b/x")).isEqualTo(b("22"));
      assertThat(s.scanPrefix("b/")).containsOnlyKeys("b/x", "b/y");
    }
  }

  @Test
  void tornTailIsDroppedAndTruncated() throws IOException {
    try (FileMetaStore s = FileMetaStore.open(dir)) {
      s.put("k1", b("v1"));
      s.write(new WriteBatch().put("k2", b("v2")).put("k3", b("v3")));
    }
    Path log = dir.resolve(FileMetaStore.LOG_NAME);
    long full = Files.size(log);
    // cut the last record in half: a crash during its append
    try (var ch = java.nio.channels.FileChannel.open(log, StandardOpenOption.WRITE)) {
      ch.truncate(full - 7);
    }
    try (FileMetaStore s = FileMetaStore.open(dir)) {
      assertThat(s.get("k1")).isEqualTo(b("v1"));
      assertThat(s.get("k2")).as("a batch is all or nothing").isNull();
      assertThat(s.get("k3")).isNull();
      s.put("k4", b("v4"));
    }
    try (FileMetaStore s = FileMetaStore.open(dir)) {
      assertThat(s.get("k4")).as("appends after a truncated tail are readable").isEqualTo(b("v4"));
    }
  }

  @Test
  void corruptChecksumEndsTheLog() throws IOException {
    try (FileMetaStore s = FileMetaStore.open(dir)) {
      s.put("k1", b("v1"));
      s.put("k2", b("v2"));
    }
    Path log = dir.resolve(FileMetaStore.LOG_NAME);
    byte[] bytes = Files.readAllBytes(log);
    bytes[bytes.length - 1] ^= 0x55;
    Files.write(log, bytes);
    try (FileMetaStore s = FileMetaStore.open(dir)) {
      assertThat(s.get("k1")).isEqualTo(b("v1"));
      assertThat(s.get("k2")).isNull();
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {7, 20261122})
  void compactionKeepsTheLiveMapAndShrinksTheLog(long seed) throws IOException {
    Random rnd = new Random(seed);
    TreeMap<String, byte[]> model = new TreeMap<>();
    try (FileMetaStore s = FileMetaStore.open(dir, 1024)) {
      for (int i = 0; i < 400; i++) {
        String key = "k" + rnd.nextInt(20);
        if (rnd.nextInt(5) == 0) {
          s.write(new WriteBatch().delete(key));
          model.remove(key);
        } else {
          byte[] v = b("value-" + i);
          s.put(key, v);
          model.put(key, v);
        }
      }
      assertThat(s.compactions()).as("seed %d", seed).isPositive();
    }
    assertThat(Files.exists(dir.resolve(FileMetaStore.TMP_NAME))).isFalse();
    assertThat(Files.size(dir.resolve(FileMetaStore.LOG_NAME))).as("seed %d", seed)
        .isLessThan(2048);
    try (FileMetaStore s = FileMetaStore.open(dir, 1024)) {
      var all = s.scanPrefix("");
      assertThat(all.keySet()).as("seed %d", seed).isEqualTo(model.keySet());
      model.forEach((k, v) -> assertThat(all.get(k)).as("seed %d key %s", seed, k).isEqualTo(v));
    }
  }

  @Test
  void rejectsAForeignFile() throws IOException {
    Files.write(dir.resolve(FileMetaStore.LOG_NAME), b("not a log at all"));
    assertThatThrownBy(() -> FileMetaStore.open(dir)).isInstanceOf(UncheckedIOException.class)
        .hasStackTraceContaining("bad magic");
  }

  @Test
  void closedStoreRefusesCalls() {
    FileMetaStore s = FileMetaStore.open(dir);
    s.close();
    assertThatThrownBy(() -> s.get("a")).isInstanceOf(IllegalStateException.class);
  }
}
