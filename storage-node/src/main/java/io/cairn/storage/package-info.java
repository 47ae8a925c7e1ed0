/** A storage node: engine SPI (RocksDB, in-memory), Percolator MVCC, Raft regions and the gRPC server. */
package io.cairn.storage;
