package io.cairn.storage.txn;

import io.cairn.storage.mvcc.KeyError;

/** A command's answer: a value, or the key error that stopped it (exactly one is set, unless T is Void). */
public record Outcome<T>(T value, KeyError error) {

  public static <T> Outcome<T> ok(T value) {
    return new Outcome<>(value, null);
  }

  public static <T> Outcome<T> failed(KeyError error) {
    return new Outcome<>(null, error);
  }

  public boolean isOk() {
    return error == null;
  }
}
