package io.cairn.pd.cluster;

import com.google.protobuf.ByteString;
import java.util.Comparator;

/**
 * Region keys as PD sees them: opaque bytes ordered unsigned-lexicographically (in transactional
 * mode they are memcomparable-encoded, which needs no special treatment here). An empty end key
 * means "to the end of the key space".
 */
public final class Keys {

  /** Unsigned lexicographic order of byte strings. */
  public static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();

  private Keys() {}

  /** {@code key} is at or after {@code end}, where an empty {@code end} is +infinity. */
  public static boolean atOrAfterEnd(ByteString key, ByteString end) {
    return !end.isEmpty() && ORDER.compare(key, end) >= 0;
  }

  /** {@code key} lies in [start, end). */
  public static boolean contains(ByteString start, ByteString end, ByteString key) {
    return ORDER.compare(key, start) >= 0 && !atOrAfterEnd(key, end);
  }
}
