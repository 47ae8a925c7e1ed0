package io.cairn.storage.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.WriteBatch;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Live (non-snapshot) point reads must never see part of a batch that is still being applied:
 * once a read has seen batch i's write of key a, a later read of key b, written by the same
 * batch, must see batch i or newer.
 */
@Timeout(60)
class MemoryEngineLiveGetTest {
  private static final byte[] A = {'a'};
  private static final byte[] B = {'b'};

  private static long read(MemoryEngine engine, byte[] key) {
    byte[] v = engine.get(ColumnFamily.DEFAULT, key);
    return v == null ? -1 : ByteBuffer.wrap(v).getLong();
  }

  @Test
  void liveGetNeverSeesHalfAppliedBatch() throws Exception {
    MemoryEngine engine = new MemoryEngine();
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer = new Thread(() -> {
      for (long i = 0; !stop.get(); i++) {
        WriteBatch batch = engine.newWriteBatch();
        byte[] v = ByteBuffer.allocate(8).putLong(i).array();
        batch.put(ColumnFamily.DEFAULT, A, v);
        // Padding between the two keys widens the window in which a is in and b is not.
        for (int p = 0; p < 50; p++) {
          batch.put(ColumnFamily.WRITE, new byte[] {(byte) p}, v);
        }
        batch.put(ColumnFamily.DEFAULT, B, v);
        engine.write(batch);
      }
    });
    writer.start();
    try {
      long deadline = System.nanoTime() + 3_000_000_000L;
      long checks = 0;
      while (System.nanoTime() < deadline) {
        long a = read(engine, A);
        long b = read(engine, B);
        assertThat(b).as("b after a=%d (check %d)", a, checks).isGreaterThanOrEqualTo(a);
        checks++;
      }
    } finally {
      stop.set(true);
      writer.join();
    }
  }
}
