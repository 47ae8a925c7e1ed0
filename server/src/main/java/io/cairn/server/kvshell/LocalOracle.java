package io.cairn.server.kvshell;

import io.cairn.storage.mvcc.TimeStamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongSupplier;

/**
 * The shell's timestamp oracle: PD's TSO layout ({@code physical_ms << 18 | logical}) for a
 * single process. It stays strictly monotonic across restarts, even when the wall clock goes
 * back, by persisting (and fsyncing) an upper bound of the physical part it may hand out
 * before it hands it out; a restart starts above that bound.
 */
final class LocalOracle implements LongSupplier {

  private static final long WINDOW_MS = 3_000;
  private static final long MAX_LOGICAL = (1L << TimeStamps.LOGICAL_BITS) - 1;

  private final FileChannel file;
  private final LongSupplier clockMs;
  private long physical;
  private long logical;
  private long persistedLimit;

  LocalOracle(Path path, LongSupplier clockMs) throws IOException {
    this.file =
        FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    this.clockMs = clockMs;
    long saved = Files.size(path) >= Long.BYTES ? readSaved() : 0;
    this.physical = Math.max(clockMs.getAsLong(), saved + 1);
    persist(physical + WINDOW_MS);
  }

  @Override
  public synchronized long getAsLong() {
    long now = clockMs.getAsLong();
    if (now > physical) {
      physical = now;
      logical = 0;
    } else if (++logical > MAX_LOGICAL) {
      physical++;
      logical = 0;
    }
    if (physical >= persistedLimit) {
      persist(physical + WINDOW_MS);
    }
    return TimeStamps.compose(physical, logical);
  }

  private long readSaved() throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(Long.BYTES);
    file.read(buf, 0);
    return buf.flip().getLong();
  }

  private void persist(long limit) {
    try {
      file.write(ByteBuffer.allocate(Long.BYTES).putLong(0, limit), 0);
      file.force(true);
      persistedLimit = limit;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot persist the timestamp window", e);
    }
  }

  void close() throws IOException {
    file.close();
  }
}
