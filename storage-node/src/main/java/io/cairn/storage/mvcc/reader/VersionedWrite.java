package io.cairn.storage.mvcc.reader;

import io.cairn.storage.mvcc.Write;

/** A commit record together with the commit_ts it is stored at. */
public record VersionedWrite(long commitTs, Write write) {}
