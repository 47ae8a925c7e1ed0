package io.cairn.proto.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The comparer on small descriptor pairs built here, differing in one known way each. */
class SchemaComparerTest {

  private final SchemaComparer comparer = new SchemaComparer();

  /**
   * package p; message M { uint64 id = 1; repeated string names = 2; E kind = 3; N child = 4; }
   * message N { bytes data = 1; } enum E { A = 0; B = 1; } service S { rpc Call(M) returns (N);
   * rpc Chat(stream M) returns (stream N); }
   */
  private static FileDescriptorProto.Builder base() {
    return FileDescriptorProto.newBuilder()
        .setName("p.proto")
        .setPackage("p")
        .setSyntax("proto3")
        .addMessageType(
            DescriptorProto.newBuilder()
                .setName("M")
                .addField(field("id", 1, Type.TYPE_UINT64, Label.LABEL_OPTIONAL, null))
                .addField(field("names", 2, Type.TYPE_STRING, Label.LABEL_REPEATED, null))
                .addField(field("kind", 3, Type.TYPE_ENUM, Label.LABEL_OPTIONAL, ".p.E"))
                .addField(field("child", 4, Type.TYPE_MESSAGE, Label.LABEL_OPTIONAL, ".p.N")))
        .addMessageType(
            DescriptorProto.newBuilder()
                .setName("N")
                .addField(field("data", 1, Type.TYPE_BYTES, Label.LABEL_OPTIONAL, null)))
        .addEnumType(
            EnumDescriptorProto.newBuilder()
                .setName("E")
                .addValue(EnumValueDescriptorProto.newBuilder().setName("A").setNumber(0))
                .addValue(EnumValueDescriptorProto.newBuilder().setName("B").setNumber(1)))
        .addService(
            ServiceDescriptorProto.newBuilder()
                .setName("S")
                .addMethod(method("Call", ".p.M", ".p.N", false, false))
                .addMethod(method("Chat", ".p.M", ".p.N", true, true)));
  }

  private static FieldDescriptorProto.Builder field(
      String name, int number, Type type, Label label, String typeName) {
    FieldDescriptorProto.Builder f =
        FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type).setLabel(label);
    return typeName == null ? f : f.setTypeName(typeName);
  }

  private static MethodDescriptorProto.Builder method(
      String name, String in, String out, boolean clientStreaming, boolean serverStreaming) {
    return MethodDescriptorProto.newBuilder()
        .setName(name)
        .setInputType(in)
        .setOutputType(out)
        .setClientStreaming(clientStreaming)
        .setServerStreaming(serverStreaming);
  }

  private static FileDescriptor build(FileDescriptorProto.Builder proto) {
    try {
      return FileDescriptor.buildFrom(proto.build(), new FileDescriptor[0]);
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  private SchemaComparer.Result ours(UnaryOperator<FileDescriptorProto.Builder> change) {
    return comparer.compare(List.of(build(change.apply(base()))), List.of(build(base())));
  }

  @Test
  void identicalSchemasMatchAndEverythingIsCounted() {
    SchemaComparer.Result r = ours(b -> b);

    assertThat(r.mismatches()).isEmpty();
    assertThat(r.messages()).isEqualTo(2);
    assertThat(r.fields()).isEqualTo(5);
    assertThat(r.enums()).isEqualTo(1);
    assertThat(r.enumValues()).isEqualTo(2);
    assertThat(r.services()).isEqualTo(1);
    assertThat(r.rpcs()).isEqualTo(2);
  }

  @Test
  void aSubsetMatches() {
    SchemaComparer.Result r =
        ours(
            b -> {
              b.getMessageTypeBuilder(0).removeField(3).removeField(1); // child, names
              b.getEnumTypeBuilder(0).removeValue(1);
              b.getServiceBuilder(0).removeMethod(1);
              return b;
            });

    assertThat(r.mismatches()).isEmpty();
    assertThat(r.fields()).isEqualTo(3);
    assertThat(r.enumValues()).isEqualTo(1);
    assertThat(r.rpcs()).isEqualTo(1);
  }

  @Test
  void aFieldNumberMismatchIsReported() {
    SchemaComparer.Result r = ours(b -> {
      b.getMessageTypeBuilder(0).getFieldBuilder(0).setNumber(9);
      return b;
    });

    assertThat(r.mismatches())
        .containsExactly("field p.M.id = 9: no field with this number in theirs (theirs has the name at 1)");
  }

  @Test
  void aFieldNameMismatchIsReported() {
    SchemaComparer.Result r = ours(b -> {
      b.getMessageTypeBuilder(0).getFieldBuilder(0).setName("ident");
      return b;
    });

    assertThat(r.mismatches()).containsExactly("field p.M.ident = 1: name ours=ident theirs=id");
  }

  @Test
  void aScalarTypeMismatchIsReported() {
    SchemaComparer.Result r = ours(b -> {
      b.getMessageTypeBuilder(0).getFieldBuilder(0).setType(Type.TYPE_INT64);
      return b;
    });

    assertThat(r.mismatches()).containsExactly("field p.M.id = 1: type ours=INT64 theirs=UINT64");
  }

  @Test
  void aMessageTypeNameMismatchIsReported() {
    SchemaComparer.Result r = ours(b -> {
      b.getMessageTypeBuilder(0).getFieldBuilder(3).setTypeName(".p.M");
      return b;
    });

    assertThat(r.mismatches()).containsExactly("field p.M.child = 4: type name ours=p.M theirs=p.N");
  }

  @Test
  void aRepeatednessMismatchIsReported() {
    SchemaComparer.Result r = ours(b -> {
      b.getMessageTypeBuilder(0).getFieldBuilder(0).setLabel(Label.LABEL_REPEATED);
      return b;
    });

    assertThat(r.mismatches())
        .contains(
            "field p.M.id = 1: label ours=LABEL_REPEATED theirs=LABEL_OPTIONAL",
            "field p.M.id = 1: repeated ours=true theirs=false");
  }

  @Test
  void missingMessagesEnumsValuesAndServicesAreReported() {
    SchemaComparer.Result r = ours(b -> {
      b.addMessageType(DescriptorProto.newBuilder().setName("Other"));
      b.getMessageTypeBuilder(0).getFieldBuilder(3).setTypeName(".p.Other");
      b.getEnumTypeBuilder(0).addValue(EnumValueDescriptorProto.newBuilder().setName("C").setNumber(2));
      b.addEnumType(EnumDescriptorProto.newBuilder().setName("F")
          .addValue(EnumValueDescriptorProto.newBuilder().setName("Z").setNumber(0)));
      b.getServiceBuilder(0).addMethod(method("Extra", ".p.M", ".p.M", false, false));
      b.addService(ServiceDescriptorProto.newBuilder().setName("T"));
      return b;
    });

    assertThat(r.mismatches())
        .containsExactlyInAnyOrder(
            "field p.M.child = 4: type name ours=p.Other theirs=p.N",
            "message p.Other: missing in theirs",
            "enum value p.E.C: missing in theirs",
            "enum p.F: missing in theirs",
            "rpc p.S.Extra: missing in theirs",
            "service p.T: missing in theirs");
  }

  @Test
  void anEnumValueNumberMismatchIsReported() {
    SchemaComparer.Result r = ours(b -> {
      b.getEnumTypeBuilder(0).getValueBuilder(1).setNumber(7);
      return b;
    });

    assertThat(r.mismatches()).containsExactly("enum value p.E.B: number ours=7 theirs=1");
  }

  @Test
  void rpcTypeAndStreamingMismatchesAreReported() {
    SchemaComparer.Result r = ours(b -> {
      b.getServiceBuilder(0).getMethodBuilder(0).setOutputType(".p.M").setServerStreaming(true);
      b.getServiceBuilder(0).getMethodBuilder(1).setInputType(".p.N").setClientStreaming(false);
      return b;
    });

    assertThat(r.mismatches())
        .containsExactly(
            "rpc p.S.Call: output ours=p.M theirs=p.N",
            "rpc p.S.Call: server streaming ours=true theirs=false",
            "rpc p.S.Chat: input ours=p.N theirs=p.M",
            "rpc p.S.Chat: client streaming ours=false theirs=true");
  }

  @Test
  void theSameNamesInAnotherPackageDoNotMatch() {
    FileDescriptorProto.Builder other =
        base().setPackage("q").removeService(0).removeMessageType(0);

    SchemaComparer.Result r = comparer.compare(List.of(build(other)), List.of(build(base())));

    assertThat(r.mismatches())
        .containsExactlyInAnyOrder("message q.N: missing in theirs", "enum q.E: missing in theirs");
  }
}
