package io.cairn.codec.archviolation;

/** Deliberately breaks the rules: codec may use neither Calcite nor kv-interface. */
public class CodecUsingCalcite {
  public Object kind() {
    return org.apache.calcite.sql.SqlKind.SELECT;
  }

  public Class<?> kvPackage() {
    return io.cairn.kv.archviolation.KvType.class;
  }
}
