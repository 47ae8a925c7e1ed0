package io.cairn.sql.catalog;

import io.cairn.codec.ByteWriter;
import io.cairn.codec.MemComparableBytes;
import io.cairn.codec.NumberCodec;
import io.cairn.codec.TableCodec;
import io.cairn.kv.Key;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The catalog's key layout under the meta prefix {@code 'm'}. Ids are written as 8-byte
 * memcomparable int64 ({@link NumberCodec}), so a prefix scan returns them in id order.
 *
 * <pre>
 *   'm' "SchemaVersion"                        int64 (8 bytes big-endian): the schema version
 *   'm' "NextGlobalID"                         int64: the last id handed out for databases,
 *                                              tables and DDL jobs
 *   'm' "DB:"    dbId                          a DatabaseInfo ({@link MetaCodec})
 *   'm' "Table:" dbId tableId                  a TableInfo (tables and views)
 *   'm' "Diff:"  version                       the table ids the DDL of that version changed
 *   'm' "AutoInc:" tableId                     int64: the next AUTO_INCREMENT value not yet
 *                                              handed to any allocator cache
 *   'm' "RowID:" tableId                       int64: the same for the hidden row id
 *   'm' "DelRange:" jobId                      key ranges a DDL still has to delete
 *   'm' "User:" user host                      a UserInfo ({@link UserCodec}); user and the
 *                                              lower-cased host as memcomparable bytes
 *                                              ({@link MemComparableBytes})
 *   'm' "UsersBootstrapped"                    present once the first root account was made,
 *                                              so that dropping root does not bring it back
 * </pre>
 */
public final class MetaKeys {

  private MetaKeys() {}

  public static Key schemaVersion() {
    return meta("SchemaVersion");
  }

  public static Key nextGlobalId() {
    return meta("NextGlobalID");
  }

  public static Key databasePrefix() {
    return meta("DB:");
  }

  public static Key database(long dbId) {
    return withIds("DB:", dbId);
  }

  public static Key tablePrefix(long dbId) {
    return withIds("Table:", dbId);
  }

  public static Key allTablesPrefix() {
    return meta("Table:");
  }

  public static Key table(long dbId, long tableId) {
    return withIds("Table:", dbId, tableId);
  }

  public static Key schemaDiff(long version) {
    return withIds("Diff:", version);
  }

  public static Key autoIncrement(long tableId) {
    return withIds("AutoInc:", tableId);
  }

  public static Key rowId(long tableId) {
    return withIds("RowID:", tableId);
  }

  public static Key deleteRangePrefix() {
    return meta("DelRange:");
  }

  public static Key deleteRange(long jobId) {
    return withIds("DelRange:", jobId);
  }

  public static Key userPrefix() {
    return meta("User:");
  }

  public static Key user(String user, String host) {
    ByteWriter w = new ByteWriter(16 + user.length() + host.length());
    w.write(TableCodec.META_PREFIX).write("User:".getBytes(StandardCharsets.US_ASCII));
    MemComparableBytes.write(w, user.getBytes(StandardCharsets.UTF_8));
    MemComparableBytes.write(w, host.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    return Key.wrap(w.toByteArray());
  }

  public static Key usersBootstrapped() {
    return meta("UsersBootstrapped");
  }

  /** Reads an int64 counter value; {@code null} (absent) is 0. */
  public static long decodeLong(byte[] value) {
    if (value == null) {
      return 0;
    }
    if (value.length != 8) {
      throw new IllegalStateException("meta counter of " + value.length + " bytes");
    }
    long v = 0;
    for (byte b : value) {
      v = (v << 8) | (b & 0xFF);
    }
    return v;
  }

  public static byte[] encodeLong(long v) {
    return new ByteWriter(8).writeLongBigEndian(v).toByteArray();
  }

  private static Key meta(String name) {
    return Key.wrap(TableCodec.metaKey(name.getBytes(StandardCharsets.US_ASCII)));
  }

  private static Key withIds(String name, long... ids) {
    ByteWriter w = new ByteWriter(1 + name.length() + 8 * ids.length);
    w.write(TableCodec.META_PREFIX).write(name.getBytes(StandardCharsets.US_ASCII));
    for (long id : ids) {
      NumberCodec.writeInt64(w, id);
    }
    return Key.wrap(w.toByteArray());
  }
}
