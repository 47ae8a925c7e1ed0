package io.cairn.kv;

/**
 * Names one open stage of a {@link MemBuffer}. {@code depth} is 1 for the outermost stage;
 * {@code id} is unique within the buffer, so a handle that has been released or cleaned up can
 * never be mistaken for a later stage at the same depth.
 */
public record StagingHandle(int depth, long id) {}
