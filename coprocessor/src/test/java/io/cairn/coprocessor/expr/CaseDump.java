package io.cairn.coprocessor.expr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Prints the evaluator's outcome for each expression of a file (a development aid, not a test). */
final class CaseDump {
  public static void main(String[] args) throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      String expr = line.split("\t", -1)[0];
      if (expr.isBlank() || expr.startsWith("#")) {
        continue;
      }
      String r;
      try {
        ExprTesting.Outcome o = ExprTesting.run(expr);
        r = o.value() + "\t" + o.warnings();
      } catch (RuntimeException e) {
        r = "EXCEPTION " + e + "\t";
      }
      out.add(expr + "\t" + r);
    }
    Files.write(Path.of(args[1]), out);
  }
}
