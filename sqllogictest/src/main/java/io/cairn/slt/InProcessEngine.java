package io.cairn.slt;

import java.util.ServiceLoader;

/**
 * Cairn's SQL layer running inside this process, for the runner's fast path: no server, no
 * sockets, the Session API straight on an in-process store. The runner knows it only through
 * this interface; the implementation lives with the server (it needs the whole stack) and is
 * found by {@link Provider} through {@link ServiceLoader}, so this module keeps depending on a
 * JDBC driver alone.
 *
 * <p>An engine is shared by the runner's workers: {@link #newHarness} is thread-safe, each
 * harness it returns serves one worker. {@link #close} releases the store after the harnesses
 * are closed.
 */
public interface InProcessEngine extends AutoCloseable {

  /** A new session on the engine, as a harness. */
  Harness newHarness() throws Exception;

  @Override
  void close();

  /** Opens in-process engines; list implementations in {@code META-INF/services}. */
  interface Provider {
    /**
     * Opens an engine over the store at {@code storeUrl} ({@code unistore://NAME} for a
     * throwaway in-memory store, {@code embedded://PATH} for RocksDB on disk).
     */
    InProcessEngine open(String storeUrl) throws Exception;
  }

  /**
   * Opens an engine with the single provider on the class path.
   *
   * @throws IllegalStateException when none is (the runner was started without Cairn's server
   *     module) or more than one is
   */
  static InProcessEngine open(String storeUrl, ClassLoader loader) throws Exception {
    var providers = ServiceLoader.load(Provider.class, loader).stream().toList();
    if (providers.size() != 1) {
      throw new IllegalStateException(providers.isEmpty()
          ? "no in-process Cairn engine on the class path: run bin/cairn-sqllogictest, which starts from the server module"
          : "several in-process engines on the class path: " + providers.stream().map(p -> p.type().getName()).toList());
    }
    return providers.get(0).get().open(storeUrl);
  }
}
