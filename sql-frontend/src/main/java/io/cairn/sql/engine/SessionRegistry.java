package io.cairn.sql.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The open sessions of an engine by connection id: what SHOW PROCESSLIST lists and KILL finds.
 * Thread-safe.
 */
final class SessionRegistry {
  private final ConcurrentMap<Long, CairnSession> sessions = new ConcurrentHashMap<>();

  void add(CairnSession s) {
    if (sessions.putIfAbsent(s.connectionId(), s) != null) {
      throw new IllegalStateException("connection id " + s.connectionId() + " is already in use");
    }
  }

  void remove(CairnSession s) {
    sessions.remove(s.connectionId(), s);
  }

  Optional<CairnSession> get(long connectionId) {
    return Optional.ofNullable(sessions.get(connectionId));
  }

  /** The open sessions, by connection id. */
  List<CairnSession> all() {
    List<CairnSession> out = new ArrayList<>(sessions.values());
    out.sort(Comparator.comparingLong(CairnSession::connectionId));
    return out;
  }
}
