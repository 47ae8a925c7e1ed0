package io.cairn.proto.conformance;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks that one schema ("ours") is a wire-compatible subset of another ("theirs").
 *
 * <p>For every message, enum and service reachable from our files (dependencies included), the
 * same full name must exist in theirs. Every field of ours must exist in theirs under the same
 * number with the same name, type (and message/enum type name), label, repeatedness, packing,
 * map-ness, presence and oneof; every enum value of ours must have the same number in theirs;
 * every RPC of ours must have the same input and output types and streaming modes. Anything
 * theirs has beyond ours is allowed: that is what "subset" means.
 *
 * <p>Stateless and thread-safe. Both sides must be built with the same (unshaded) protobuf
 * runtime; {@link ShadedDescriptors} converts a relocated copy.
 */
final class SchemaComparer {

  /** Counts of what was compared, and every mismatch found, in walk order. */
  record Result(
      int messages,
      int fields,
      int enums,
      int enumValues,
      int services,
      int rpcs,
      List<String> mismatches) {

    Result {
      mismatches = List.copyOf(mismatches);
    }

    String summary() {
      return "messages="
          + messages
          + " fields="
          + fields
          + " enums="
          + enums
          + " enumValues="
          + enumValues
          + " services="
          + services
          + " rpcs="
          + rpcs
          + " mismatches="
          + mismatches.size();
    }
  }

  Result compare(Collection<FileDescriptor> ours, Collection<FileDescriptor> theirs) {
    Index theirIndex = new Index();
    for (FileDescriptor file : closure(theirs)) {
      theirIndex.addFile(file);
    }
    Walk walk = new Walk(theirIndex);
    for (FileDescriptor file : closure(ours)) {
      walk.file(file);
    }
    return new Result(
        walk.messages,
        walk.fields,
        walk.enums,
        walk.enumValues,
        walk.services,
        walk.rpcs,
        walk.mismatches);
  }

  /** The files and all their transitive dependencies, each once, keyed by file name. */
  private static Collection<FileDescriptor> closure(Collection<FileDescriptor> roots) {
    Map<String, FileDescriptor> seen = new LinkedHashMap<>();
    List<FileDescriptor> pending = new ArrayList<>(roots);
    while (!pending.isEmpty()) {
      FileDescriptor file = pending.removeLast();
      FileDescriptor previous = seen.putIfAbsent(file.getName(), file);
      if (previous == null) {
        pending.addAll(file.getDependencies());
      } else if (previous != file) {
        throw new IllegalArgumentException("two different files named " + file.getName());
      }
    }
    return seen.values();
  }

  private static final class Index {
    final Map<String, Descriptor> messages = new HashMap<>();
    final Map<String, EnumDescriptor> enums = new HashMap<>();
    final Map<String, ServiceDescriptor> services = new HashMap<>();

    void addFile(FileDescriptor file) {
      file.getMessageTypes().forEach(this::addMessage);
      file.getEnumTypes().forEach(e -> enums.put(e.getFullName(), e));
      file.getServices().forEach(s -> services.put(s.getFullName(), s));
    }

    private void addMessage(Descriptor message) {
      messages.put(message.getFullName(), message);
      message.getNestedTypes().forEach(this::addMessage);
      message.getEnumTypes().forEach(e -> enums.put(e.getFullName(), e));
    }
  }

  private static final class Walk {
    private final Index theirs;
    final List<String> mismatches = new ArrayList<>();
    int messages;
    int fields;
    int enums;
    int enumValues;
    int services;
    int rpcs;

    Walk(Index theirs) {
      this.theirs = theirs;
    }

    void file(FileDescriptor file) {
      file.getMessageTypes().forEach(this::message);
      file.getEnumTypes().forEach(this::enumType);
      file.getServices().forEach(this::service);
    }

    private void message(Descriptor ours) {
      messages++;
      Descriptor their = theirs.messages.get(ours.getFullName());
      if (their == null) {
        mismatches.add("message " + ours.getFullName() + ": missing in theirs");
      }
      for (FieldDescriptor field : ours.getFields()) {
        fields++;
        if (their != null) {
          field(field, their);
        }
      }
      ours.getNestedTypes().forEach(this::message);
      ours.getEnumTypes().forEach(this::enumType);
    }

    private void field(FieldDescriptor ours, Descriptor theirMessage) {
      String where = "field " + ours.getFullName() + " = " + ours.getNumber();
      FieldDescriptor their = theirMessage.findFieldByNumber(ours.getNumber());
      if (their == null) {
        FieldDescriptor sameName = theirMessage.findFieldByName(ours.getName());
        mismatches.add(
            where
                + ": no field with this number in theirs"
                + (sameName == null ? "" : " (theirs has the name at " + sameName.getNumber() + ")"));
        return;
      }
      differ(where, "name", ours.getName(), their.getName());
      differ(where, "type", ours.getType(), their.getType());
      differ(where, "type name", referencedType(ours), referencedType(their));
      differ(where, "label", ours.toProto().getLabel(), their.toProto().getLabel());
      differ(where, "repeated", ours.isRepeated(), their.isRepeated());
      differ(where, "packed", ours.isPacked(), their.isPacked());
      differ(where, "map", ours.isMapField(), their.isMapField());
      differ(where, "presence", ours.hasPresence(), their.hasPresence());
      differ(where, "oneof", oneofName(ours), oneofName(their));
    }

    private void enumType(EnumDescriptor ours) {
      enums++;
      EnumDescriptor their = theirs.enums.get(ours.getFullName());
      if (their == null) {
        mismatches.add("enum " + ours.getFullName() + ": missing in theirs");
      }
      for (EnumValueDescriptor value : ours.getValues()) {
        enumValues++;
        if (their == null) {
          continue;
        }
        String where = "enum value " + ours.getFullName() + "." + value.getName();
        EnumValueDescriptor theirValue = their.findValueByName(value.getName());
        if (theirValue == null) {
          mismatches.add(where + ": missing in theirs");
        } else {
          differ(where, "number", value.getNumber(), theirValue.getNumber());
        }
      }
    }

    private void service(ServiceDescriptor ours) {
      services++;
      ServiceDescriptor their = theirs.services.get(ours.getFullName());
      if (their == null) {
        mismatches.add("service " + ours.getFullName() + ": missing in theirs");
      }
      for (MethodDescriptor method : ours.getMethods()) {
        rpcs++;
        if (their == null) {
          continue;
        }
        String where = "rpc " + method.getFullName();
        MethodDescriptor theirMethod = their.findMethodByName(method.getName());
        if (theirMethod == null) {
          mismatches.add(where + ": missing in theirs");
          continue;
        }
        differ(where, "input", method.getInputType().getFullName(), theirMethod.getInputType().getFullName());
        differ(where, "output", method.getOutputType().getFullName(), theirMethod.getOutputType().getFullName());
        differ(where, "client streaming", method.isClientStreaming(), theirMethod.isClientStreaming());
        differ(where, "server streaming", method.isServerStreaming(), theirMethod.isServerStreaming());
      }
    }

    private void differ(String where, String aspect, Object ours, Object their) {
      if (!Objects.equals(ours, their)) {
        mismatches.add(where + ": " + aspect + " ours=" + ours + " theirs=" + their);
      }
    }

    private static String referencedType(FieldDescriptor field) {
      return switch (field.getJavaType()) {
        case MESSAGE -> field.getMessageType().getFullName();
        case ENUM -> field.getEnumType().getFullName();
        default -> "";
      };
    }

    private static String oneofName(FieldDescriptor field) {
      OneofDescriptor oneof = field.getRealContainingOneof();
      return oneof == null ? "" : oneof.getName();
    }
  }
}
