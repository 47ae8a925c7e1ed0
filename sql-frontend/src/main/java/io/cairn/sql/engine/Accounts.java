package io.cairn.sql.engine;

import io.cairn.sql.catalog.Catalog;
import io.cairn.sql.catalog.UserInfo;
import io.cairn.sql.session.Passwords;
import io.cairn.sql.session.SessionFactory.Account;
import java.util.Optional;

/**
 * The accounts the handshake checks, read from the catalog ({@link
 * io.cairn.sql.catalog.InfoSchema#users()}): the newest catalog version is loaded first, so an
 * account created or changed by any session (or another server on the store) is seen by the
 * next connection. Which account a connection is follows {@link
 * io.cairn.sql.catalog.UserTable#match}. Thread-safe.
 */
final class Accounts {
  private final Catalog catalog;

  Accounts(Catalog catalog) {
    this.catalog = catalog;
  }

  Optional<Account> find(String user, String host) {
    return catalog.refresh().users().match(user, host).map(Accounts::account);
  }

  /**
   * The protocol's view of an account. A caching_sha2_password account carries its crypt
   * string and no SHA256(SHA256(pw)): the protocol layer checks a full authentication against
   * the string and learns the fast-path hash from the password it received.
   */
  static Account account(UserInfo u) {
    byte[] nativeHash = Passwords.NATIVE.equals(u.plugin()) ? Passwords.nativeHash(u.authString()) : new byte[0];
    return new Account(u.user(), u.host(), u.plugin(), u.authString(), nativeHash, new byte[0]);
  }
}
