package io.cairn.sql.archviolation;

/** Deliberately breaks the rules: proves that RulesCatchViolationsTest's rules can fail. */
public class SqlUsingDriverAndProtobuf {
  public Object bytes() {
    return com.google.protobuf.ByteString.EMPTY;
  }

  public Object grpcStatus() {
    return io.grpc.Status.OK;
  }
}
