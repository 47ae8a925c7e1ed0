package io.cairn.proto.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Cairn's schema against the kvproto descriptors compiled into {@code
 * org.tikv:tikv-client-java:3.3.5}: every message, field, enum value and RPC of ours must exist
 * there unchanged. Zero mismatches allowed.
 */
class SchemaConformanceTest {

  /** One descriptor per Cairn .proto file of kvproto's shape; their dependencies come along. */
  private static final List<FileDescriptor> OURS =
      List.of(
          io.cairn.proto.metapb.Metapb.getDescriptor(),
          io.cairn.proto.errorpb.Errorpb.getDescriptor(),
          io.cairn.proto.deadlock.Deadlock.getDescriptor(),
          io.cairn.proto.eraftpb.Eraftpb.getDescriptor(),
          io.cairn.proto.kvrpcpb.Kvrpcpb.getDescriptor(),
          io.cairn.proto.coprocessor.Coprocessor.getDescriptor(),
          io.cairn.proto.pdpb.Pdpb.getDescriptor(),
          io.cairn.proto.tikvpb.Tikvpb.getDescriptor());

  /**
   * Cairn's own formats, which travel inside TiKV envelopes (e.g. the DAG in
   * coprocessor.Request.data under tp 201) and have no kvproto counterpart to compare with.
   */
  private static final List<FileDescriptor> CAIRN_OWN =
      List.of(io.cairn.proto.dag.CairnDag.getDescriptor());

  @Test
  void everyProtoFileOfTheModuleIsComparedOrCairnsOwn() throws IOException {
    Set<String> onDisk;
    try (Stream<Path> files = Files.list(Path.of("src", "main", "proto"))) {
      onDisk =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".proto"))
              .collect(Collectors.toSet());
    }
    Set<String> compared = new HashSet<>();
    OURS.forEach(f -> compared.add(f.getName()));
    CAIRN_OWN.forEach(f -> compared.add(f.getName()));
    assertThat(compared).isEqualTo(onDisk);
  }

  private static List<FileDescriptor> theirs() {
    ShadedDescriptors shaded = new ShadedDescriptors();
    return List.of(
        shaded.convert(org.tikv.kvproto.Tikvpb.getDescriptor()),
        shaded.convert(org.tikv.kvproto.Pdpb.getDescriptor()));
  }

  @Test
  void cairnSchemaIsASubsetOfTikvClientJavas() {
    SchemaComparer.Result result = new SchemaComparer().compare(OURS, theirs());

    System.out.println("schema conformance vs tikv-client-java 3.3.5: " + result.summary());
    assertThat(result.mismatches())
        .as("mismatches against tikv-client-java 3.3.5 (%s)", result.summary())
        .isEmpty();
    // A walk that silently compared nothing must not pass.
    assertThat(result.messages()).isGreaterThan(100);
    assertThat(result.rpcs()).isGreaterThan(40);
  }

  /** The same check the other way round must fail: theirs has much that Cairn leaves out. */
  @Test
  void tikvClientJavasSchemaIsNotASubsetOfCairns() {
    SchemaComparer.Result result = new SchemaComparer().compare(theirs(), OURS);

    assertThat(result.mismatches())
        .contains(
            "field kvrpcpb.GetResponse.exec_details_v2 = 6: no field with this number in theirs",
            "message tikvpb.BatchCommandsRequest: missing in theirs",
            "rpc tikvpb.Tikv.BatchCommands: missing in theirs",
            "rpc pdpb.PD.SyncRegions: missing in theirs");
  }
}
