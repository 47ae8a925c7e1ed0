package io.cairn.kv.testing;

import io.cairn.kv.Driver;
import io.cairn.kv.Storage;

/**
 * Opens a fresh {@link MemoryStorage} for every {@code memtest://name} URL. Registered through
 * {@code META-INF/services/io.cairn.kv.Driver} in the test jar, so modules that depend on the
 * test jar can open it by URL.
 */
public final class MemoryStorageDriver implements Driver {

  public static final String SCHEME = "memtest";

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public Storage open(String url) {
    if (!url.startsWith(SCHEME + "://")) {
      throw new IllegalArgumentException("not a " + SCHEME + ":// URL: " + url);
    }
    return new MemoryStorage(url);
  }
}
