package io.cairn.storage.region;

import io.cairn.codec.MemComparableBytes;

/**
 * How a request's user keys map onto region boundaries. Regions are ranges of one byte
 * space shared by both modes (TiKV API v1): transactional keys are compared in their
 * memcomparable encoding, raw keys as they are.
 */
public enum KeyMode {
  /** Transactional (kv*) requests: keys compare as {@link MemComparableBytes#encode}. */
  TXN {
    @Override
    public byte[] toRegionKey(byte[] userKey) {
      return MemComparableBytes.encode(userKey);
    }
  },
  /** Raw (raw*) requests: keys compare unencoded. */
  RAW {
    @Override
    public byte[] toRegionKey(byte[] userKey) {
      return userKey;
    }
  };

  /** The key as region boundaries compare it. */
  public abstract byte[] toRegionKey(byte[] userKey);
}
