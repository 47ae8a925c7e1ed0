package io.cairn.sql.engine;

import io.cairn.codec.ByteWriter;
import io.cairn.codec.ColumnType;
import io.cairn.codec.DatumCodec;
import io.cairn.codec.TableCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The key datums of one index column that a matching row can hold, as spans of the column's
 * memcomparable encoding ({@link DatumCodec#encodeKey}) rather than of its values, so that
 * every indexable type shares one set algebra: a span {@code [start, end)} holds the datums
 * {@code d} with {@code start <= d < end} (unsigned byte order), and because datums are
 * prefix-free, an index key that continues after the datum (further columns, the handle) falls
 * in {@code [prefix ++ start, prefix ++ end)} exactly when its datum falls in the span.
 *
 * <p>A point span holds the datum of one value: {@code start} is that datum and {@code end} is
 * {@link TableCodec#prefixNext} of it, so the index range building ({@link IndexRanges}) can
 * append the next column's datums after it. Immutable.
 *
 * <pre>
 *   NULL                00
 *   smallest non-NULL   01        (DatumCodec.KeyBound.MIN_NOT_NULL)
 *   past every value    FB        (prefixNext of KeyBound.MAX_VALUE, FA)
 * </pre>
 *
 * @param spans sorted and disjoint; only points may be adjacent
 */
record KeySpans(List<Span> spans) {
  /** The datum of NULL. */
  static final byte[] NULL_DATUM = {(byte) DatumCodec.NIL_FLAG};
  /** The start of the non-NULL datums. */
  static final byte[] MIN_NOT_NULL = encode(ColumnType.INT64, DatumCodec.KeyBound.MIN_NOT_NULL);
  /** The end of every datum. */
  static final byte[] END = TableCodec.prefixNext(encode(ColumnType.INT64, DatumCodec.KeyBound.MAX_VALUE));

  static final KeySpans EMPTY = new KeySpans(List.of());
  static final KeySpans NULL_ONLY = point(NULL_DATUM);
  static final KeySpans NOT_NULL = range(MIN_NOT_NULL, END);
  static final KeySpans ALL = NULL_ONLY.union(NOT_NULL);

  /**
   * {@code [start, end)}; {@code point} when {@code start} is one value's whole datum and
   * {@code end} its {@code prefixNext}.
   */
  record Span(byte[] start, byte[] end, boolean point) {
    boolean sameAs(Span o) {
      return Arrays.equals(start, o.start) && Arrays.equals(end, o.end);
    }
  }

  KeySpans {
    spans = List.copyOf(spans);
  }

  /** The key datum of {@code value} (null for NULL, or a {@link DatumCodec.KeyBound}) as {@code type}. */
  static byte[] encode(ColumnType type, Object value) {
    ByteWriter w = new ByteWriter();
    DatumCodec.encodeKey(w, type, value);
    return w.toByteArray();
  }

  /** The one value whose datum is {@code datum}. */
  static KeySpans point(byte[] datum) {
    return new KeySpans(List.of(new Span(datum, TableCodec.prefixNext(datum), true)));
  }

  /** {@code [start, end)}, empty when {@code start >= end}. */
  static KeySpans range(byte[] start, byte[] end) {
    return compare(start, end) >= 0 ? EMPTY : new KeySpans(List.of(new Span(start, end, false)));
  }

  boolean isEmpty() {
    return spans.isEmpty();
  }

  /** Whether every span is a point. */
  boolean allPoints() {
    return spans.stream().allMatch(Span::point);
  }

  KeySpans intersect(KeySpans other) {
    List<Span> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < spans.size() && j < other.spans.size()) {
      Span a = spans.get(i);
      Span b = other.spans.get(j);
      byte[] start = compare(a.start, b.start) >= 0 ? a.start : b.start;
      byte[] end = compare(a.end, b.end) <= 0 ? a.end : b.end;
      if (compare(start, end) < 0) {
        Span s = new Span(start, end, false);
        // A point cut short by the other span stays a plain span.
        boolean point = a.point && s.sameAs(a) || b.point && s.sameAs(b);
        out.add(point ? new Span(start, end, true) : s);
      }
      if (compare(a.end, b.end) < 0) {
        i++;
      } else {
        j++;
      }
    }
    return new KeySpans(out);
  }

  KeySpans union(KeySpans other) {
    List<Span> all = new ArrayList<>(spans);
    all.addAll(other.spans);
    all.sort((a, b) -> compare(a.start, b.start));
    List<Span> out = new ArrayList<>();
    for (Span s : all) {
      int gap = out.isEmpty() ? -1 : compare(out.getLast().end, s.start);
      // Adjacent points stay apart, so that further index columns can follow each of them.
      if (gap > 0 || gap == 0 && !(out.getLast().point && s.point)) {
        Span last = out.getLast();
        if (!last.sameAs(s)) {
          out.removeLast();
          out.add(new Span(last.start, compare(last.end, s.end) >= 0 ? last.end : s.end, false));
        }
      } else {
        out.add(s);
      }
    }
    return new KeySpans(out);
  }

  static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }
}
