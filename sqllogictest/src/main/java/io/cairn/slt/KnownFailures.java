package io.cairn.slt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The committed list of records known to fail, each with its reason. Lines are {@code
 * file:line<whitespace>reason}; {@code #} starts a comment. The gate: a failure that is not
 * listed fails the run, and so does a listed record that now passes (the list only shrinks:
 * delete the line).
 */
public record KnownFailures(Map<String, String> reasons) {

  public static KnownFailures none() {
    return new KnownFailures(Map.of());
  }

  public static KnownFailures load(Path file) throws IOException {
    Map<String, String> reasons = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      if (parts.length < 2 || !parts[0].matches(".+:\\d+")) {
        throw new IOException(file + ":" + (i + 1) + ": expected 'file:line reason'");
      }
      reasons.put(parts[0], parts[1]);
    }
    return new KnownFailures(reasons);
  }

  /** Failures of {@code summary} that the list does not name. */
  public Set<String> unexpected(Summary summary) {
    Set<String> out = new TreeSet<>();
    for (FileResult f : summary.files()) {
      for (FileResult.Failure x : f.failures()) {
        if (!reasons.containsKey(x.id())) {
          out.add(x.id());
        }
      }
    }
    return out;
  }

  /** Listed records of scripts that ran whose record no longer fails. */
  public Set<String> nowPassing(Summary summary) {
    Set<String> failing = new TreeSet<>();
    Set<String> ranFiles = new TreeSet<>();
    for (FileResult f : summary.files()) {
      if (f.abortReason() == null) {
        ranFiles.add(f.file());
      }
      f.failures().forEach(x -> failing.add(x.id()));
    }
    Set<String> out = new TreeSet<>();
    for (String id : reasons.keySet()) {
      String file = id.substring(0, id.lastIndexOf(':'));
      if (ranFiles.contains(file) && !failing.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }
}
