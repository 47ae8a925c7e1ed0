package io.cairn.mysql.conn;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's live connections by id: hands out connection ids, enforces {@code
 * max_connections} and finds the target of KILL. Thread-safe.
 */
public final class ConnectionRegistry {

  private final int maxConnections;
  private final AtomicLong nextId = new AtomicLong(1);
  private final ConcurrentMap<Long, MySqlConnection> live = new ConcurrentHashMap<>();
  private final Object admission = new Object();

  public ConnectionRegistry(int maxConnections) {
    this.maxConnections = maxConnections;
  }

  /** A fresh connection id (never reused while the server runs). */
  public long newId() {
    return nextId.getAndIncrement();
  }

  /** Registers {@code connection}; false when {@code max_connections} are already open. */
  public boolean tryAdd(MySqlConnection connection) {
    synchronized (admission) {
      if (live.size() >= maxConnections) {
        return false;
      }
      live.put(connection.id(), connection);
      return true;
    }
  }

  public void remove(MySqlConnection connection) {
    live.remove(connection.id(), connection);
  }

  public Optional<MySqlConnection> find(long id) {
    return Optional.ofNullable(live.get(id));
  }

  public Collection<MySqlConnection> all() {
    return live.values();
  }

  public int size() {
    return live.size();
  }
}
