package io.cairn.tikv.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * What each node of a running {@link ProcessCluster} has applied, read from outside the node:
 * its RocksDB opened as a RocksDB secondary instance (read-only, following the primary's
 * manifest and write-ahead log, so the node keeps running) and summed up as the row counts and
 * a SHA-256 of every key and value of the MVCC column families ({@code default}, {@code lock},
 * {@code write}). Region metadata and applied indexes ({@code raft}) are left out: a replica
 * that caught up through a snapshot legitimately has other log positions. Replicas of the same
 * regions that applied the same entries have equal digests. Not thread-safe.
 */
final class ReplicaDigests {

  private static final Set<String> MVCC_FAMILIES = Set.of("default", "lock", "write");

  private ReplicaDigests() {}

  /**
   * The digest of the node whose engine lives in {@code db}, read through a secondary instance
   * whose own files go to {@code secondaryDir}.
   *
   * @throws RocksDBException when the engine cannot be read (e.g. files the primary just
   *     deleted); the caller may simply ask again
   */
  static String digest(Path db, Path secondaryDir) throws RocksDBException {
    RocksDB.loadLibrary();
    try {
      Files.createDirectories(secondaryDir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<byte[]> names;
    try (Options o = new Options()) {
      names = RocksDB.listColumnFamilies(o, db.toString());
    }
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (byte[] n : names) {
      descriptors.add(new ColumnFamilyDescriptor(n));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    MessageDigest sha = sha256();
    StringBuilder counts = new StringBuilder();
    try (DBOptions options = new DBOptions().setMaxOpenFiles(-1);
        RocksDB secondary = RocksDB.openAsSecondary(options, db.toString(),
            secondaryDir.toString(), descriptors, handles)) {
      try {
        secondary.tryCatchUpWithPrimary();
        for (int i = 0; i < names.size(); i++) {
          String name = new String(names.get(i), StandardCharsets.UTF_8);
          if (!MVCC_FAMILIES.contains(name)) {
            continue;
          }
          sha.update(names.get(i));
          long rows = 0;
          try (RocksIterator it = secondary.newIterator(handles.get(i))) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
              byte[] k = it.key();
              byte[] v = it.value();
              sha.update(ByteBuffer.allocate(8).putInt(k.length).putInt(v.length).array());
              sha.update(k);
              sha.update(v);
              rows++;
            }
          }
          counts.append(name).append('=').append(rows).append(' ');
        }
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
    return counts + HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
