package io.cairn.pd.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MetaStore} on one append-only log file, {@value #LOG_NAME} in the data directory, with
 * the whole map mirrored in memory.
 *
 * <p>File layout (all integers big-endian):
 * <pre>
 *   file    := magic "CAIRNPD1" (8 bytes) record*
 *   record  := payload_len:int32  crc32c(payload):int32  payload
 *   payload := op_count:int32 op*
 *   op      := 0x01 key_len:int32 key:utf8 value_len:int32 value     (put)
 *            | 0x02 key_len:int32 key:utf8                            (delete)
 * </pre>
 * One {@link WriteBatch} is one record, appended and then {@code fsync}ed before {@link #write}
 * returns, so a batch is atomic and durable. On open, records are replayed in order; a torn or
 * corrupt record ends the log (a crash during an append leaves one) and the file is truncated
 * there, so the tail is never half-applied.
 *
 * <p>Compaction: once the log is larger than {@code compactBytes} and four times the live data,
 * the whole map is written as a single record to {@value #TMP_NAME}, synced, and atomically
 * renamed over the log (then the directory is synced). A crash at any point leaves either the
 * old or the new log, each complete.
 *
 * <p>An I/O error while appending or compacting leaves the file in an unknown state; the store
 * then refuses every later write (reads still answer from memory) until PD restarts and
 * replays the log.
 *
 * <p>Thread-safe: every method holds the instance lock; writes are serialized.
 */
public final class FileMetaStore implements MetaStore {

  static final String LOG_NAME = "pd-meta.log";
  static final String TMP_NAME = "pd-meta.log.tmp";
  private static final byte[] MAGIC = "CAIRNPD1".getBytes(StandardCharsets.US_ASCII);
  private static final byte PUT = 1;
  private static final byte DELETE = 2;
  private static final Logger LOG = LoggerFactory.getLogger(FileMetaStore.class);

  private final Path dir;
  private final long compactBytes;
  private final TreeMap<String, byte[]> map = new TreeMap<>();
  private FileChannel channel;
  private long logBytes;
  private long liveBytes;
  private int compactions;
  private boolean failed;

  private FileMetaStore(Path dir, long compactBytes) {
    this.dir = dir;
    this.compactBytes = compactBytes;
  }

  /** Opens (creating when absent) the store in {@code dir}; compacts beyond 1 MiB of log. */
  public static FileMetaStore open(Path dir) {
    return open(dir, 1 << 20);
  }

  /** Opens the store in {@code dir}, compacting once the log exceeds {@code compactBytes}. */
  public static FileMetaStore open(Path dir, long compactBytes) {
    FileMetaStore store = new FileMetaStore(dir, compactBytes);
    try {
      store.load();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open PD metadata in " + dir, e);
    }
    return store;
  }

  private void load() throws IOException {
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(TMP_NAME));
    Path log = dir.resolve(LOG_NAME);
    if (!Files.exists(log)) {
      writeFreshLog(log, List.of());
      syncDir();
    }
    channel = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE);
    long size = channel.size();
    ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(size));
    while (all.hasRemaining() && channel.read(all) >= 0) {
      // read the whole file: PD metadata is small, and compaction keeps it so
    }
    all.flip();
    byte[] magic = new byte[MAGIC.length];
    if (all.remaining() < MAGIC.length) {
      throw new IOException(log + " is not a Cairn PD metadata log (too short)");
    }
    all.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException(log + " is not a Cairn PD metadata log (bad magic)");
    }
    long validEnd = all.position();
    while (all.remaining() >= 8) {
      int len = all.getInt();
      int crc = all.getInt();
      if (len < 4 || len > all.remaining()) {
        break;
      }
      byte[] payload = new byte[len];
      all.get(payload);
      if (crc(payload) != crc) {
        break;
      }
      MetaMaps.apply(map, decode(payload));
      validEnd = all.position();
    }
    if (validEnd < size) {
      LOG.warn("PD metadata log {} has a torn tail: truncating {} bytes at offset {}", log,
          size - validEnd, validEnd);
      channel.truncate(validEnd);
      channel.force(true);
    }
    logBytes = validEnd;
    liveBytes = liveSize();
    channel.position(validEnd);
  }

  @Override
  public synchronized byte[] get(String key) {
    checkOpen();
    byte[] v = map.get(key);
    return v == null ? null : v.clone();
  }

  @Override
  public synchronized SortedMap<String, byte[]> scanPrefix(String prefix) {
    checkOpen();
    return Collections.unmodifiableSortedMap(MetaMaps.copyPrefix(map, prefix));
  }

  @Override
  public synchronized void write(WriteBatch batch) {
    checkOpen();
    if (batch.isEmpty()) {
      return;
    }
    if (failed) {
      throw new IllegalStateException("PD metadata log in " + dir
          + " failed earlier; restart PD to recover from the last durable record");
    }
    List<WriteBatch.Op> ops = batch.ops();
    ByteBuffer record = record(ops);
    try {
      int n = record.remaining();
      while (record.hasRemaining()) {
        channel.write(record);
      }
      channel.force(false);
      logBytes += n;
    } catch (IOException e) {
      // After a failed append or fsync the file's state is unknown (a partial record would hide
      // every later one on replay), so the store refuses further writes.
      failed = true;
      throw new UncheckedIOException("cannot append to PD metadata log in " + dir, e);
    }
    for (WriteBatch.Op op : ops) {
      byte[] old = map.get(op.key());
      if (old != null) {
        liveBytes -= entrySize(op.key(), old);
      }
      if (!op.isDelete()) {
        liveBytes += entrySize(op.key(), op.value());
      }
    }
    MetaMaps.apply(map, ops);
    if (logBytes > compactBytes && logBytes > 4 * liveBytes) {
      compact();
    }
  }

  /** How many compactions ran since open; for tests. */
  synchronized int compactions() {
    return compactions;
  }

  private void compact() {
    Path log = dir.resolve(LOG_NAME);
    Path tmp = dir.resolve(TMP_NAME);
    List<WriteBatch.Op> ops = new ArrayList<>(map.size());
    for (Map.Entry<String, byte[]> e : map.entrySet()) {
      ops.add(new WriteBatch.Op(e.getKey(), e.getValue()));
    }
    try {
      writeFreshLog(tmp, ops);
      channel.close();
      Files.move(tmp, log, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDir();
      channel = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE);
      logBytes = channel.size();
      channel.position(logBytes);
      compactions++;
    } catch (IOException e) {
      failed = true;
      throw new UncheckedIOException("cannot compact PD metadata log in " + dir, e);
    }
  }

  private static void writeFreshLog(Path file, List<WriteBatch.Op> ops) throws IOException {
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer magic = ByteBuffer.wrap(MAGIC);
      while (magic.hasRemaining()) {
        out.write(magic);
      }
      if (!ops.isEmpty()) {
        ByteBuffer record = record(ops);
        while (record.hasRemaining()) {
          out.write(record);
        }
      }
      out.force(true);
    }
  }

  private void syncDir() throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  private static ByteBuffer record(List<WriteBatch.Op> ops) {
    int size = 4;
    for (WriteBatch.Op op : ops) {
      size += 1 + 4 + utf8(op.key()).length + (op.isDelete() ? 0 : 4 + op.value().length);
    }
    ByteBuffer payload = ByteBuffer.allocate(size);
    payload.putInt(ops.size());
    for (WriteBatch.Op op : ops) {
      byte[] key = utf8(op.key());
      payload.put(op.isDelete() ? DELETE : PUT);
      payload.putInt(key.length).put(key);
      if (!op.isDelete()) {
        payload.putInt(op.value().length).put(op.value());
      }
    }
    byte[] bytes = payload.array();
    ByteBuffer record = ByteBuffer.allocate(8 + bytes.length);
    record.putInt(bytes.length).putInt(crc(bytes)).put(bytes).flip();
    return record;
  }

  private static List<WriteBatch.Op> decode(byte[] payload) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(payload);
    try {
      int count = in.getInt();
      List<WriteBatch.Op> ops = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte kind = in.get();
        byte[] key = new byte[in.getInt()];
        in.get(key);
        String k = new String(key, StandardCharsets.UTF_8);
        if (kind == PUT) {
          byte[] value = new byte[in.getInt()];
          in.get(value);
          ops.add(new WriteBatch.Op(k, value));
        } else if (kind == DELETE) {
          ops.add(new WriteBatch.Op(k, null));
        } else {
          throw new IOException("unknown op kind " + kind + " in PD metadata log");
        }
      }
      return ops;
    } catch (RuntimeException e) {
      throw new IOException("malformed record with a valid checksum in PD metadata log", e);
    }
  }

  private long liveSize() {
    long n = 0;
    for (Map.Entry<String, byte[]> e : map.entrySet()) {
      n += entrySize(e.getKey(), e.getValue());
    }
    return n;
  }

  private static long entrySize(String key, byte[] value) {
    return 9L + key.length() + value.length;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static int crc(byte[] bytes) {
    CRC32C c = new CRC32C();
    c.update(bytes);
    return (int) c.getValue();
  }

  @Override
  public synchronized void close() {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      channel = null;
    }
  }

  private void checkOpen() {
    if (channel == null) {
      throw new IllegalStateException("meta store is closed");
    }
  }
}
