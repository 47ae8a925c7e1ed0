package io.cairn.sql.engine;

import io.cairn.sql.session.SessionFactory.Account;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The user accounts the handshake checks. Held in memory: the catalog has no user table yet, so
 * a fresh engine knows exactly one account, {@code root}@{@code %} without a password (what
 * TiDB bootstraps). Host patterns follow MySQL's: {@code %} matches any host, otherwise the
 * host must be equal (case-insensitive). Thread-safe.
 */
final class Accounts {
  private final List<Account> accounts = new CopyOnWriteArrayList<>();

  Accounts() {
    accounts.add(new Account("root", "%", "mysql_native_password", "", new byte[0], new byte[0]));
  }

  Optional<Account> find(String user, String host) {
    Account best = null;
    for (Account a : accounts) {
      if (!a.user().equals(user)) {
        continue;
      }
      if (a.host().equals("%")) {
        best = best == null ? a : best;
      } else if (host != null && a.host().toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT))) {
        best = a;
      }
    }
    return Optional.ofNullable(best);
  }
}
