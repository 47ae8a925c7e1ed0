package io.cairn.storage.engine.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@link CrashWriterMain}) with SIGKILL while it writes batches, reopens the
 * database and checks that every batch is all or nothing and that every acknowledged (synced)
 * batch survived. The same database is killed and reopened several times at different points,
 * so recovery also runs over databases that were themselves recovered.
 */
@Tag("slow")
class RocksEngineCrashTest {

  private static final int REPETITIONS = 6;
  private static final int KEYS_PER_FAMILY = 100;
  private static final long SEED = 20261122L;

  @TempDir Path dir;

  @Test
  void batchesAreAllOrNothingAcrossSigkill() throws Exception {
    Random random = new Random(SEED);
    Path db = dir.resolve("db");
    long previousMarker = -1;
    for (int rep = 0; rep < REPETITIONS; rep++) {
      // Kill after a few to a few hundred acknowledged batches, plus a random delay so the
      // kill lands anywhere in the following batches.
      int acksBeforeKill = 1 + random.nextInt(rep % 2 == 0 ? 10 : 200);
      int extraDelayMillis = random.nextInt(30);
      String where = "seed=" + SEED + " repetition=" + rep + " acks=" + acksBeforeKill
          + " delay=" + extraDelayMillis + "ms";
      long lastAck = runAndKill(db, acksBeforeKill, extraDelayMillis, where);

      try (RocksEngine engine = RocksEngine.open(RocksEngineContractTest.testOptions(dir).build())) {
        byte[] markerBytes = engine.get(ColumnFamily.RAFT, CrashWriterMain.MARKER);
        assertThat(markerBytes).as(where + ": marker").isNotNull();
        long marker = ByteBuffer.wrap(markerBytes).getLong();
        assertThat(marker).as(where + ": acknowledged batch lost").isGreaterThanOrEqualTo(lastAck);
        assertThat(marker).as(where + ": went back in time").isGreaterThan(previousMarker);
        for (ColumnFamily cf : CrashWriterMain.DATA_FAMILIES) {
          for (int k = 0; k < KEYS_PER_FAMILY; k++) {
            byte[] value = engine.get(cf, CrashWriterMain.key(k));
            assertThat(value).as(where + ": " + cf + " key " + k + " missing").isNotNull();
            assertThat(ByteBuffer.wrap(value).getLong())
                .as(where + ": " + cf + " key " + k + " from another batch than the marker")
                .isEqualTo(marker);
            assertThat(value).as(where + ": value bytes").isEqualTo(CrashWriterMain.value(marker));
          }
        }
        List<Long> history = new ArrayList<>();
        try (EngineIterator it = engine.iterator(ColumnFamily.WRITE, new byte[] {'h'}, new byte[] {'i'})) {
          for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
            history.add(ByteBuffer.wrap(it.key(), 1, 8).getLong());
          }
        }
        assertThat(history).as(where + ": history keys after range deletes").containsExactly(marker);
        System.out.printf(
            "%s: last acknowledged batch %d, recovered batch %d%n", where, lastAck, marker);
        previousMarker = marker;
      }
    }
  }

  /**
   * Runs the child until it acknowledged {@code acks} batches, then SIGKILLs it. The child's
   * stdout goes to a file rather than a pipe: the pipe closes when the process is destroyed,
   * while the file keeps every ack line whose write completed before the kill.
   */
  private long runAndKill(Path db, int acks, int extraDelayMillis, String where) throws Exception {
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Path stdout = dir.resolve("child-stdout.txt");
    Path stderr = dir.resolve("child-stderr.txt");
    ProcessBuilder builder =
        new ProcessBuilder(
                javaBin.toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriterMain.class.getName(),
                db.toString(),
                Integer.toString(KEYS_PER_FAMILY))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    Process child = builder.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (acknowledged(stdout).size() < acks) {
        if (!child.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError(where + ": child stopped early (exit "
              + (child.isAlive() ? "none" : child.exitValue()) + "): " + readQuietly(stderr));
        }
        Thread.sleep(2);
      }
      if (extraDelayMillis > 0) {
        Thread.sleep(extraDelayMillis);
      }
      child.destroyForcibly();
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as(where + ": child did not die").isTrue();
    }
    // 128 + 9: killed by SIGKILL, not exited on its own.
    assertThat(child.exitValue()).as(where + ": exit status; stderr " + readQuietly(stderr))
        .isEqualTo(137);
    List<Long> acked = acknowledged(stdout);
    return acked.isEmpty() ? -1 : acked.get(acked.size() - 1);
  }

  /** The batch numbers acknowledged in complete lines of the child's stdout so far. */
  private static List<Long> acknowledged(Path stdout) throws IOException {
    List<Long> acked = new ArrayList<>();
    String text = Files.readString(stdout, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    for (String line : text.substring(0, end + 1).split("\n")) {
      if (line.startsWith("ack ")) {
        acked.add(Long.parseLong(line.substring(4)));
      }
    }
    return acked;
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no stderr: " + e + ")";
    }
  }
}
