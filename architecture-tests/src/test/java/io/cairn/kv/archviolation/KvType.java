package io.cairn.kv.archviolation;

/** A class in a kv-interface package, referenced by the deliberate violators. */
public class KvType {}
