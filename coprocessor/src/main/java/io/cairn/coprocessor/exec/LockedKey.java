package io.cairn.coprocessor.exec;

/**
 * The lock that blocked a read, as the client needs it to resolve the lock (kvproto's
 * LockInfo, without protobuf types so that the SQL layer may see it).
 *
 * @param key the locked raw user key
 * @param primaryLock the raw key of the lock owner's primary
 * @param lockVersion the owner's start_ts
 * @param lockType kvrpcpb.Op number of the lock (0 Put, 1 Del, 2 Lock, 5 PessimisticLock)
 */
public record LockedKey(
    byte[] key,
    byte[] primaryLock,
    long lockVersion,
    long lockTtl,
    long txnSize,
    int lockType,
    long lockForUpdateTs,
    long minCommitTs) {}
