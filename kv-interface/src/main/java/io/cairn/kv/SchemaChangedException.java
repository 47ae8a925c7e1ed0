package io.cairn.kv;

/** The schema changed while the transaction ran; the transaction may run again on the new schema. */
public class SchemaChangedException extends KvException {

  private static final long serialVersionUID = 1L;

  public SchemaChangedException() {
    super(ErrorCode.INFO_SCHEMA_CHANGED);
  }
}
