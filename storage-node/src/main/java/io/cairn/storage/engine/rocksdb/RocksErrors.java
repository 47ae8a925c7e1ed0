package io.cairn.storage.engine.rocksdb;

import io.cairn.storage.engine.EngineException;
import io.cairn.storage.engine.EngineException.Kind;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** Turns {@link RocksDBException}s into {@link EngineException}s by their status code. */
final class RocksErrors {

  private RocksErrors() {}

  static EngineException translate(String operation, String dataDir, RocksDBException e) {
    Kind kind = kindOf(e.getStatus());
    String detail = e.getStatus() != null && e.getStatus().getState() != null
        ? e.getStatus().getState()
        : e.getMessage();
    return new EngineException(
        kind,
        "RocksDB " + operation + " failed (" + describe(kind) + ") in " + dataDir + ": " + detail,
        e);
  }

  static Kind kindOf(Status status) {
    if (status == null) {
      return Kind.OTHER;
    }
    if (status.getSubCode() == Status.SubCode.NoSpace) {
      return Kind.NO_SPACE;
    }
    return switch (status.getCode()) {
      case IOError -> Kind.IO_ERROR;
      case Corruption -> Kind.CORRUPTION;
      case Busy, TryAgain, TimedOut -> Kind.BUSY;
      case InvalidArgument, NotSupported -> Kind.INVALID_ARGUMENT;
      default -> Kind.OTHER;
    };
  }

  private static String describe(Kind kind) {
    return switch (kind) {
      case NO_SPACE -> "disk full";
      case IO_ERROR -> "I/O error";
      case CORRUPTION -> "data corruption";
      case BUSY -> "engine busy, retry later";
      case INVALID_ARGUMENT -> "invalid argument or configuration";
      case OTHER -> "unclassified error";
    };
  }
}
