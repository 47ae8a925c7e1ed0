package io.cairn.tikv.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} flags of the test-side process mains. Unknown, repeated or valueless
 * flags fail loudly: a mistyped flag must not silently fall back to a default. Not thread-safe
 * (parsed once, in {@code main}).
 */
final class ProcessFlags {

  private final Map<String, String> values = new HashMap<>();

  ProcessFlags(String[] args, Set<String> known) {
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown flag " + name + "; known: " + known);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      if (values.put(name, args[++i]) != null) {
        throw new IllegalArgumentException(name + " given twice");
      }
    }
  }

  String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return v;
  }

  String optional(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  int port(String name, int fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    int p = Integer.parseInt(v);
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException(name + " out of range: " + v);
    }
    return p;
  }

  /** {@code host:port} split at the last colon. */
  static String[] hostPort(String flag, String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException(flag + " must be host:port: " + value);
    }
    return new String[] {value.substring(0, colon), value.substring(colon + 1)};
  }
}
