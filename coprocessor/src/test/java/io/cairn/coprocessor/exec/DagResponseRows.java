package io.cairn.coprocessor.exec;

import io.cairn.proto.coprocessor.Response;
import io.cairn.proto.dag.DagResponse;

final class DagResponseRows {
  private DagResponseRows() {}

  static long count(Response r) {
    try {
      return DagResponse.parseFrom(r.getData()).getChunksList().stream()
          .mapToLong(io.cairn.proto.dag.Chunk::getRowCount).sum();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
