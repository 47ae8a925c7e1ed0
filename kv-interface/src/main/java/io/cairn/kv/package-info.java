/**
 * The storage contract the SQL layer sees, mirroring TiDB's {@code pkg/kv}.
 *
 * <p>Reading and writing compose from small interfaces: {@link io.cairn.kv.Getter} →
 * {@link io.cairn.kv.Retriever} (+ {@link io.cairn.kv.Mutator}) → {@link io.cairn.kv.MemBuffer}
 * (staged write buffer) and {@link io.cairn.kv.Snapshot} (reads at a timestamp) →
 * {@link io.cairn.kv.Transaction} (buffer over snapshot). A {@link io.cairn.kv.Storage} begins
 * transactions, owns the {@link io.cairn.kv.Oracle} and the coprocessor
 * {@link io.cairn.kv.Client}, and is opened by a {@link io.cairn.kv.Driver} chosen by URL scheme
 * in a {@link io.cairn.kv.DriverRegistry}. Options are typed records; errors are
 * {@link io.cairn.kv.KvException}s carrying an {@link io.cairn.kv.ErrorCode}. No protobuf,
 * gRPC or Calcite type appears here.
 */
package io.cairn.kv;
