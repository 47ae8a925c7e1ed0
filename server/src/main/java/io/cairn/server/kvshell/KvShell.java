package io.cairn.server.kvshell;

import io.cairn.pd.PdClock;
import io.cairn.pd.storage.FileMetaStore;
import io.cairn.pd.tso.TimestampOracle;
import io.cairn.storage.engine.rocksdb.RocksEngine;
import io.cairn.storage.engine.rocksdb.RocksEngineOptions;
import io.cairn.storage.mvcc.reader.SnapshotReader;
import io.cairn.storage.raw.RawStore;
import io.cairn.storage.txn.TxnStore;
import io.cairn.storage.txn.latch.Latches;
import io.cairn.storage.txn.lockwait.DeadlockDetector;
import io.cairn.storage.txn.lockwait.LockWaitManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/cairn-kv}: a shell over one storage node's transactional store — Percolator MVCC
 * on RocksDB — and its raw key space. A tool for looking at the storage core, not the SQL
 * server. Keys and values are UTF-8 text.
 */
@Command(
    name = "cairn-kv",
    mixinStandardHelpOptions = true,
    description = "A shell over a storage node's transactional key-value store (MVCC on RocksDB).")
public final class KvShell implements Callable<Integer> {

  static final String HELP =
      """
      commands (keys and values are text; a value may contain spaces):
        put KEY VALUE        write (inside BEGIN..COMMIT, or committed at once)
        get KEY              read at the transaction's start timestamp
        delete KEY           delete
        scan [START [END]] [limit N]   list pairs in [START, END), 20 by default
        begin | commit | rollback      explicit transactions (optimistic 2PC)
        raw put|get|delete|scan ...    the raw key space (no transactions)
        help | quit""";

  @Option(names = "--data-dir", description = "Where the store lives (default: ${DEFAULT-VALUE})")
  Path dataDir = Path.of("data");

  @Option(names = {"-e", "--execute"}, description = "Run these ';'-separated commands and exit")
  String execute;

  private final PrintStream out;
  private TxnStore txns;
  private RawStore raw;
  private SnapshotReader reader;
  private LongSupplier timestamps;
  private ShellTransaction explicit;

  public KvShell() {
    this(System.out);
  }

  KvShell(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws IOException {
    Path dir = dataDir.resolve("kv");
    Files.createDirectories(dir);
    // Timestamps come from PD's own oracle, kept in the shell's data dir: strictly
    // monotonic across restarts of the shell.
    try (RocksEngine engine = RocksEngine.open(RocksEngineOptions.defaults(dir.resolve("rocksdb")));
        FileMetaStore meta = FileMetaStore.open(dir.resolve("tso"))) {
      TimestampOracle tso = new TimestampOracle(PdClock.SYSTEM, meta, 3_000);
      timestamps = () -> nextTimestamp(tso);
      Latches latches = new Latches(2048);
      txns = new TxnStore(engine, latches, new LockWaitManager(new DeadlockDetector()));
      raw = new RawStore(engine, latches);
      reader = new SnapshotReader(engine);
      return execute != null ? runScript(execute) : runInteractive();
    }
  }

  private int runScript(String script) {
    int failures = 0;
    for (String command : script.split(";")) {
      if (!command.isBlank() && !run(command.strip())) {
        failures++;
      }
    }
    return failures == 0 ? 0 : 1;
  }

  private int runInteractive() throws IOException {
    boolean console = System.console() != null;
    if (console) {
      out.println("cairn-kv: transactional KV store in " + dataDir.toAbsolutePath() + " ('help' lists commands)");
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (true) {
      if (console) {
        out.print(explicit == null ? "kv> " : "kv(txn)> ");
        out.flush();
      }
      String line = in.readLine();
      if (line == null || line.strip().equalsIgnoreCase("quit") || line.strip().equalsIgnoreCase("exit")) {
        return 0;
      }
      if (!line.isBlank()) {
        run(line.strip());
      }
    }
  }

  /** Runs one command, printing its result or its error; false on error. */
  boolean run(String command) {
    try {
      execute(command);
      return true;
    } catch (ShellException | IllegalArgumentException e) {
      out.println("ERROR: " + e.getMessage());
      return false;
    }
  }

  private void execute(String command) {
    List<String> words = words(command);
    String verb = words.get(0).toLowerCase();
    switch (verb) {
      case "help" -> out.println(HELP);
      case "begin" -> {
        if (explicit != null) {
          throw new ShellException("a transaction is already open");
        }
        explicit = newTransaction();
        out.println("BEGIN start_ts=" + explicit.startTs());
      }
      case "commit" -> {
        ShellTransaction txn = requireExplicit();
        explicit = null;
        long commitTs = txn.commit();
        out.println(commitTs == 0 ? "COMMIT (nothing to write)" : "COMMIT commit_ts=" + commitTs);
      }
      case "rollback" -> {
        requireExplicit().rollback();
        explicit = null;
        out.println("ROLLBACK");
      }
      case "get" -> {
        arity(words, 2, "get KEY");
        byte[] v = inTransaction(txn -> txn.get(bytes(words.get(1))));
        out.println(v == null ? "(not found)" : text(v));
      }
      case "put" -> {
        if (words.size() < 3) {
          throw new IllegalArgumentException("usage: put KEY VALUE");
        }
        String value = command.substring(command.indexOf(words.get(1), verb.length()) + words.get(1).length()).strip();
        write(txn -> txn.put(bytes(words.get(1)), bytes(value)));
      }
      case "delete" -> {
        arity(words, 2, "delete KEY");
        write(txn -> txn.delete(bytes(words.get(1))));
      }
      case "scan" -> {
        ScanArgs a = ScanArgs.parse(words.subList(1, words.size()));
        List<Map.Entry<byte[], byte[]>> rows = inTransaction(txn -> txn.scan(a.start, a.end, a.limit));
        rows.forEach(e -> out.println(text(e.getKey()) + " = " + text(e.getValue())));
        out.println("(" + rows.size() + " pairs)");
      }
      case "raw" -> raw(command, words.subList(1, words.size()));
      default -> throw new IllegalArgumentException("unknown command '" + verb + "' ('help' lists them)");
    }
  }

  private void raw(String command, List<String> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("usage: raw put|get|delete|scan ...");
    }
    switch (words.get(0).toLowerCase()) {
      case "put" -> {
        if (words.size() < 3) {
          throw new IllegalArgumentException("usage: raw put KEY VALUE");
        }
        int at = command.indexOf(words.get(1), command.toLowerCase().indexOf("put") + 3);
        raw.put(bytes(words.get(1)), bytes(command.substring(at + words.get(1).length()).strip()));
        out.println("OK");
      }
      case "get" -> {
        arity(words, 2, "raw get KEY");
        byte[] v = raw.get(bytes(words.get(1)));
        out.println(v == null ? "(not found)" : text(v));
      }
      case "delete" -> {
        arity(words, 2, "raw delete KEY");
        raw.delete(bytes(words.get(1)));
        out.println("OK");
      }
      case "scan" -> {
        ScanArgs a = ScanArgs.parse(words.subList(1, words.size()));
        List<RawStore.KvPair> rows = raw.scan(a.start, a.end, a.limit, false, false);
        rows.forEach(p -> out.println(text(p.key()) + " = " + text(p.value())));
        out.println("(" + rows.size() + " pairs)");
      }
      default -> throw new IllegalArgumentException("unknown raw command '" + words.get(0) + "'");
    }
  }

  private interface TxnBody<T> {
    T run(ShellTransaction txn);
  }

  private <T> T inTransaction(TxnBody<T> body) {
    return body.run(explicit != null ? explicit : newTransaction());
  }

  private void write(java.util.function.Consumer<ShellTransaction> body) {
    if (explicit != null) {
      body.accept(explicit);
      out.println("OK (pending: " + explicit.pendingWrites() + ")");
      return;
    }
    ShellTransaction txn = newTransaction();
    body.accept(txn);
    out.println("OK commit_ts=" + txn.commit());
  }

  private ShellTransaction newTransaction() {
    return new ShellTransaction(txns, reader, timestamps);
  }

  private ShellTransaction requireExplicit() {
    if (explicit == null) {
      throw new ShellException("no transaction is open (BEGIN starts one)");
    }
    return explicit;
  }

  private record ScanArgs(byte[] start, byte[] end, int limit) {
    static ScanArgs parse(List<String> args) {
      List<String> positional = new ArrayList<>();
      int limit = 20;
      for (int i = 0; i < args.size(); i++) {
        if (args.get(i).equalsIgnoreCase("limit") && i + 1 < args.size()) {
          try {
            limit = Integer.parseInt(args.get(++i));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number: " + args.get(i));
          }
        } else {
          positional.add(args.get(i));
        }
      }
      if (positional.size() > 2 || limit < 0) {
        throw new IllegalArgumentException("usage: scan [START [END]] [limit N]");
      }
      return new ScanArgs(
          positional.isEmpty() ? null : bytes(positional.get(0)),
          positional.size() < 2 ? null : bytes(positional.get(1)),
          limit);
    }
  }

  private static long nextTimestamp(TimestampOracle tso) {
    try {
      return tso.allocate(1).last();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShellException("interrupted while getting a timestamp");
    }
  }

  private static void arity(List<String> words, int n, String usage) {
    if (words.size() != n) {
      throw new IllegalArgumentException("usage: " + usage);
    }
  }

  private static List<String> words(String command) {
    return List.of(command.strip().split("\\s+"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new KvShell()).execute(args));
  }
}
