package io.cairn.storage.raft;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.region.RegionMeta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.Map;
import org.rocksdb.EnvOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileReader;
import org.rocksdb.SstFileReaderIterator;
import org.rocksdb.SstFileWriter;

/**
 * A region snapshot as files: the region's data of every CF as SST files written with
 * {@link SstFileWriter} from one engine snapshot, and a manifest. Works on any
 * {@link KvEngine} (the SST format is only the transfer format).
 *
 * <p>Directory layout: {@code <cf name>.sst} for each CF holding data of the region (no file
 * for an empty CF) and {@code MANIFEST}, written last under a temporary name and renamed,
 * so a directory with a manifest is complete. Manifest layout (big-endian):
 * {@code i64 applied term, i64 applied index, u32 meta length, RegionMeta.encode()}.
 */
public final class RegionSnapshotFiles {
  static final String MANIFEST = "MANIFEST";

  static {
    RocksDB.loadLibrary();
  }

  /** What a snapshot directory holds. */
  public record Manifest(Applied applied, RegionMeta meta) {}

  private RegionSnapshotFiles() {}

  /**
   * Writes the snapshot of region {@code regionId} of {@code engine} into the empty directory
   * {@code dir}. Data, meta and applied index come from one engine snapshot, so they agree.
   *
   * @throws io.cairn.storage.region.RegionException with {@code RegionNotFound} if the engine
   *     holds no meta of the region
   */
  public static Manifest export(KvEngine engine, long regionId, Path dir) {
    try (EngineSnapshot snap = engine.snapshot()) {
      byte[] metaBytes = snap.get(ColumnFamily.RAFT, RegionKeys.metaKey(regionId));
      if (metaBytes == null) {
        throw RaftErrors.regionNotFound(regionId, null);
      }
      if (snap.get(ColumnFamily.RAFT, RegionKeys.installingKey(regionId)) != null) {
        throw new IllegalStateException("region " + regionId + " is itself being installed");
      }
      RegionMeta meta = RegionMeta.decode(metaBytes);
      Applied applied = RegionKeys.decodeApplied(snap.get(ColumnFamily.RAFT, RegionKeys.appliedKey(regionId)));
      Files.createDirectories(dir);
      for (ColumnFamily cf : ColumnFamily.values()) {
        writeSst(snap, cf, RegionKeys.dataStart(meta, cf), RegionKeys.dataEnd(meta, cf), dir.resolve(cf.cfName() + ".sst"));
      }
      byte[] m = metaBytes;
      ByteBuffer b = ByteBuffer.allocate(20 + m.length).putLong(applied.term()).putLong(applied.index()).putInt(m.length).put(m);
      Path tmp = dir.resolve(MANIFEST + ".tmp");
      Files.write(tmp, b.array());
      Files.move(tmp, dir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE);
      return new Manifest(applied, meta);
    } catch (IOException e) {
      throw new UncheckedIOException("exporting region " + regionId + " to " + dir, e);
    }
  }

  /** Reads the manifest of a complete snapshot directory. */
  public static Manifest readManifest(Path dir) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(MANIFEST)));
    Applied applied = new Applied(b.getLong(), b.getLong());
    byte[] m = new byte[b.getInt()];
    b.get(m);
    return new Manifest(applied, RegionMeta.decode(m));
  }

  /** The SST file of each CF present in {@code dir}. */
  static Map<ColumnFamily, Path> sstFiles(Path dir) {
    Map<ColumnFamily, Path> out = new EnumMap<>(ColumnFamily.class);
    for (ColumnFamily cf : ColumnFamily.values()) {
      Path p = dir.resolve(cf.cfName() + ".sst");
      if (Files.exists(p)) {
        out.put(cf, p);
      }
    }
    return out;
  }

  /**
   * Streams the entries of {@code sst} into {@code cf} through batches of at most
   * {@code maxBatchBytes}, written without sync. Returns the number of entries.
   */
  static long load(KvEngine engine, ColumnFamily cf, Path sst, long maxBatchBytes) {
    long n = 0;
    try (Options o = new Options(); SstFileReader r = new SstFileReader(o)) {
      r.open(sst.toString());
      try (ReadOptions ro = new ReadOptions(); SstFileReaderIterator it = r.newIterator(ro)) {
        WriteBatch batch = engine.newWriteBatch();
        for (it.seekToFirst(); it.isValid(); it.next()) {
          batch.put(cf, it.key(), it.value());
          n++;
          if (batch.dataSize() >= maxBatchBytes) {
            engine.write(batch, false);
            batch = engine.newWriteBatch();
          }
        }
        it.status();
        if (!batch.isEmpty()) {
          engine.write(batch, false);
        }
      }
    } catch (RocksDBException e) {
      throw new IllegalStateException("reading snapshot file " + sst, e);
    }
    return n;
  }

  private static void writeSst(EngineSnapshot snap, ColumnFamily cf, byte[] start, byte[] end, Path file) {
    try (EngineIterator it = snap.iterator(cf, start, end)) {
      if (!it.seekToFirst()) {
        return;
      }
      try (EnvOptions env = new EnvOptions(); Options o = new Options(); SstFileWriter w = new SstFileWriter(env, o)) {
        w.open(file.toString());
        do {
          w.put(it.key(), it.value());
        } while (it.next());
        w.finish();
      }
    } catch (RocksDBException e) {
      throw new IllegalStateException("writing snapshot file " + file, e);
    }
  }
}
