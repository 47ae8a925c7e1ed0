package io.cairn.proto.conformance;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.HashMap;
import java.util.Map;

/**
 * Rebuilds descriptors from tikv-client-java's relocated protobuf runtime
 * ({@code org.tikv.shade.com.google.protobuf}) as descriptors of our own runtime, so one comparer
 * sees both schemas through one API. The bridge is the serialized {@code FileDescriptorProto},
 * which is the same bytes under either runtime; dependencies are rebuilt first and shared.
 *
 * <p>Not thread-safe: one instance per conversion run.
 */
final class ShadedDescriptors {

  private final Map<String, FileDescriptor> converted = new HashMap<>();

  FileDescriptor convert(org.tikv.shade.com.google.protobuf.Descriptors.FileDescriptor shaded) {
    FileDescriptor done = converted.get(shaded.getName());
    if (done != null) {
      return done;
    }
    var shadedDeps = shaded.getDependencies();
    FileDescriptor[] deps = new FileDescriptor[shadedDeps.size()];
    for (int i = 0; i < deps.length; i++) {
      deps[i] = convert(shadedDeps.get(i));
    }
    try {
      FileDescriptorProto proto = FileDescriptorProto.parseFrom(shaded.toProto().toByteArray());
      FileDescriptor file = FileDescriptor.buildFrom(proto, deps);
      converted.put(file.getName(), file);
      return file;
    } catch (InvalidProtocolBufferException | DescriptorValidationException e) {
      throw new IllegalStateException("cannot rebuild " + shaded.getName(), e);
    }
  }
}
