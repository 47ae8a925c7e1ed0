package io.cairn.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded randomized comparison of an engine with a model (one unsigned-ordered {@link TreeMap}
 * per family): random puts, deletes, range deletes and mixed batches, interleaved with point
 * reads, snapshots held across many writes, and iterators (some held open across writes) driven
 * by random seeks and steps. Keys come from a small alphabet of short byte strings including the
 * empty key, 0x00 and 0xFF, so keys are rewritten often and versions pile up under open
 * snapshots. Every failure message starts with the seed and the step.
 */
public abstract class AbstractKvEngineModelTest {

  private static final int STEPS = 4000;
  private static final byte[] ALPHABET = {0x00, 0x01, 0x41, 0x7F, (byte) 0x80, (byte) 0xFF};
  private static final ColumnFamily[] FAMILIES = ColumnFamily.values();

  @TempDir protected Path dir;

  protected abstract KvEngine openEngine(Path dir);

  /** A snapshot or an iterator held open, with the model state it must see. */
  private record Held<T>(T handle, Map<ColumnFamily, TreeMap<byte[], byte[]>> model) {}

  private record HeldIterator(
      EngineIterator it, NavigableMap<byte[], byte[]> view, String description) {}

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 20261122, 987654321})
  void engineMatchesModel(long seed) {
    new Run(seed).execute();
  }

  private final class Run {
    private final long seed;
    private final Random random;
    private final Map<ColumnFamily, TreeMap<byte[], byte[]>> model = newModel();
    private final List<Held<EngineSnapshot>> snapshots = new ArrayList<>();
    private final List<HeldIterator> iterators = new ArrayList<>();
    private int step;

    Run(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
    }

    String ctx(String what) {
      return "seed=" + seed + " step=" + step + ": " + what;
    }

    void execute() {
      try (KvEngine engine = openEngine(dir)) {
        try {
          for (step = 0; step < STEPS; step++) {
            act(engine);
          }
          for (ColumnFamily cf : FAMILIES) {
            checkFullScan(engine, model, cf, "final");
          }
        } finally {
          iterators.forEach(h -> h.it().close());
          snapshots.forEach(h -> h.handle().close());
        }
      } catch (AssertionError | RuntimeException e) {
        if (e.getMessage() != null && e.getMessage().contains("seed=" + seed)) {
          throw e;
        }
        throw new AssertionError(ctx("failed: " + e), e);
      }
    }

    private void act(KvEngine engine) {
      int roll = random.nextInt(100);
      if (roll < 25) {
        WriteBatch batch = engine.newWriteBatch();
        List<Runnable> modelOps = new ArrayList<>();
        addRandomOp(batch, modelOps);
        write(engine, batch, modelOps);
      } else if (roll < 40) {
        WriteBatch batch = engine.newWriteBatch();
        List<Runnable> modelOps = new ArrayList<>();
        int n = 2 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
          addRandomOp(batch, modelOps);
        }
        write(engine, batch, modelOps);
      } else if (roll < 55) {
        ColumnFamily cf = randomFamily();
        byte[] key = randomKey();
        assertThat(engine.get(cf, key))
            .as(ctx("live get " + cf + " " + hex(key)))
            .isEqualTo(model.get(cf).get(key));
      } else if (roll < 62) {
        if (snapshots.size() < 4) {
          snapshots.add(new Held<>(engine.snapshot(), copy(model)));
        }
      } else if (roll < 67) {
        if (!snapshots.isEmpty()) {
          Held<EngineSnapshot> held = snapshots.remove(random.nextInt(snapshots.size()));
          checkFullScan(held.handle(), held.model(), randomFamily(), "snapshot before close");
          held.handle().close();
        }
      } else if (roll < 77) {
        if (!snapshots.isEmpty()) {
          Held<EngineSnapshot> held = snapshots.get(random.nextInt(snapshots.size()));
          ColumnFamily cf = randomFamily();
          byte[] key = randomKey();
          assertThat(held.handle().get(cf, key))
              .as(ctx("snapshot get " + cf + " " + hex(key)))
              .isEqualTo(held.model().get(cf).get(key));
          if (random.nextBoolean()) {
            HeldIterator it = newIterator(held.handle(), held.model(), "snapshot");
            try {
              drive(it, 15);
            } finally {
              it.it().close();
            }
          }
        }
      } else if (roll < 87) {
        HeldIterator it = newIterator(engine, model, "live");
        try {
          drive(it, 15);
        } finally {
          it.it().close();
        }
      } else if (roll < 92) {
        if (iterators.size() < 2) {
          HeldIterator it = newIterator(engine, copy(model), "held live");
          drive(it, 3);
          iterators.add(it);
        }
      } else {
        if (!iterators.isEmpty()) {
          HeldIterator it = iterators.get(random.nextInt(iterators.size()));
          drive(it, 10);
          if (random.nextInt(3) == 0) {
            iterators.remove(it);
            it.it().close();
          }
        }
      }
    }

    private void addRandomOp(WriteBatch batch, List<Runnable> modelOps) {
      ColumnFamily cf = randomFamily();
      int kind = random.nextInt(10);
      if (kind < 6) {
        byte[] key = randomKey();
        byte[] value = randomValue();
        batch.put(cf, key, value);
        modelOps.add(() -> model.get(cf).put(key, value));
      } else if (kind < 9) {
        byte[] key = randomKey();
        batch.delete(cf, key);
        modelOps.add(() -> model.get(cf).remove(key));
      } else {
        byte[] a = randomKey();
        byte[] b = randomKey();
        byte[] start = Arrays.compareUnsigned(a, b) <= 0 ? a : b;
        byte[] end = start == a ? b : a;
        batch.deleteRange(cf, start, end);
        modelOps.add(() -> model.get(cf).subMap(start, true, end, false).clear());
      }
    }

    private void write(KvEngine engine, WriteBatch batch, List<Runnable> modelOps) {
      engine.write(batch, random.nextInt(20) == 0);
      modelOps.forEach(Runnable::run);
    }

    private HeldIterator newIterator(
        EngineReader reader, Map<ColumnFamily, TreeMap<byte[], byte[]>> state, String kind) {
      ColumnFamily cf = randomFamily();
      byte[] lower = random.nextInt(3) == 0 ? null : randomKey();
      byte[] upper = random.nextInt(3) == 0 ? null : randomKey();
      TreeMap<byte[], byte[]> all = state.get(cf);
      NavigableMap<byte[], byte[]> view;
      if (lower != null && upper != null && Arrays.compareUnsigned(lower, upper) > 0) {
        view = Collections.emptyNavigableMap();
      } else if (lower != null && upper != null) {
        view = all.subMap(lower, true, upper, false);
      } else if (lower != null) {
        view = all.tailMap(lower, true);
      } else if (upper != null) {
        view = all.headMap(upper, false);
      } else {
        view = all;
      }
      String description = kind + " iterator " + cf + " [" + hex(lower) + ", " + hex(upper) + ")";
      return new HeldIterator(reader.iterator(cf, lower, upper), view, description);
    }

    /** Random moves on {@code held}, each compared with the model view. */
    private void drive(HeldIterator held, int moves) {
      EngineIterator it = held.it();
      NavigableMap<byte[], byte[]> view = held.view();
      for (int i = 0; i < moves; i++) {
        byte[] expected;
        String move;
        int choice = random.nextInt(6);
        if (!it.valid() && choice >= 4) {
          choice = random.nextInt(4);
        }
        switch (choice) {
          case 0 -> {
            byte[] target = randomKey();
            move = "seek " + hex(target);
            expected = view.ceilingKey(target);
            it.seek(target);
          }
          case 1 -> {
            byte[] target = randomKey();
            move = "seekForPrev " + hex(target);
            expected = view.floorKey(target);
            it.seekForPrev(target);
          }
          case 2 -> {
            move = "seekToFirst";
            expected = view.isEmpty() ? null : view.firstKey();
            it.seekToFirst();
          }
          case 3 -> {
            move = "seekToLast";
            expected = view.isEmpty() ? null : view.lastKey();
            it.seekToLast();
          }
          case 4 -> {
            move = "next from " + hex(it.key());
            expected = view.higherKey(it.key());
            it.next();
          }
          default -> {
            move = "prev from " + hex(it.key());
            expected = view.lowerKey(it.key());
            it.prev();
          }
        }
        String what = held.description() + " " + move;
        if (expected == null) {
          assertThat(it.valid()).as(ctx(what + " should be invalid")).isFalse();
        } else {
          assertThat(it.valid()).as(ctx(what + " should be valid")).isTrue();
          assertThat(hex(it.key())).as(ctx(what + " key")).isEqualTo(hex(expected));
          assertThat(it.value()).as(ctx(what + " value")).isEqualTo(view.get(expected));
        }
      }
    }

    private void checkFullScan(
        EngineReader reader, Map<ColumnFamily, TreeMap<byte[], byte[]>> state, ColumnFamily cf,
        String what) {
      List<String> actual = new ArrayList<>();
      try (EngineIterator it = reader.iterator(cf, null, null)) {
        for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
          actual.add(hex(it.key()) + "=" + hex(it.value()));
        }
      }
      List<String> expected = new ArrayList<>();
      state.get(cf).forEach((k, v) -> expected.add(hex(k) + "=" + hex(v)));
      assertThat(actual).as(ctx(what + " full scan of " + cf)).isEqualTo(expected);
    }

    private ColumnFamily randomFamily() {
      // DEFAULT and WRITE carry most traffic, as under MVCC.
      int r = random.nextInt(10);
      return r < 4 ? ColumnFamily.DEFAULT : r < 8 ? ColumnFamily.WRITE : FAMILIES[r - 6];
    }

    private byte[] randomKey() {
      byte[] key = new byte[random.nextInt(4)];
      for (int i = 0; i < key.length; i++) {
        key[i] = ALPHABET[random.nextInt(i == 0 ? ALPHABET.length : 3)];
      }
      return key;
    }

    private byte[] randomValue() {
      byte[] value = new byte[random.nextInt(6)];
      random.nextBytes(value);
      return value;
    }
  }

  private static Map<ColumnFamily, TreeMap<byte[], byte[]>> newModel() {
    Map<ColumnFamily, TreeMap<byte[], byte[]>> model = new EnumMap<>(ColumnFamily.class);
    for (ColumnFamily cf : FAMILIES) {
      model.put(cf, new TreeMap<>(Arrays::compareUnsigned));
    }
    return model;
  }

  private static Map<ColumnFamily, TreeMap<byte[], byte[]>> copy(
      Map<ColumnFamily, TreeMap<byte[], byte[]>> model) {
    Map<ColumnFamily, TreeMap<byte[], byte[]>> copy = new EnumMap<>(ColumnFamily.class);
    model.forEach((cf, map) -> copy.put(cf, new TreeMap<>(map)));
    return copy;
  }

  private static String hex(byte[] bytes) {
    return bytes == null ? "null" : "0x" + java.util.HexFormat.of().formatHex(bytes);
  }
}
