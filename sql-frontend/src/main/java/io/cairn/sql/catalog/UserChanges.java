package io.cairn.sql.catalog;

import io.cairn.kv.Storage;
import io.cairn.kv.Transaction;
import io.cairn.kv.WriteConflictException;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Writes account changes (CREATE/ALTER/DROP/RENAME USER, SET PASSWORD, GRANT, REVOKE) to the
 * catalog. Each change is a schema change: it bumps the schema version with an empty diff and
 * commits through {@link Catalog#commitSchemaChange}, so every session of the engine sees it at
 * its next statement (the same way it sees DDL) and no table's commit-time check is disturbed.
 * Also creates the first account of a fresh store. Thread-safe.
 */
public final class UserChanges {
  private static final int MAX_CONFLICT_RETRIES = 5;

  private final Storage storage;
  private final Catalog catalog;

  public UserChanges(Catalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.storage = catalog.storage();
  }

  /**
   * Creates {@code root}@{@code %} without a password and with every privilege WITH GRANT
   * OPTION on a store that never had accounts (as TiDB bootstraps). Later starts leave the
   * accounts alone, even when root was dropped.
   */
  public void bootstrap() {
    change(txn -> {
      if (MetaStore.usersBootstrapped(txn)) {
        return false;
      }
      MetaStore.putUser(txn, new UserInfo("root", "%", "mysql_native_password", "",
          List.of(new Grant(Grant.Level.GLOBAL, null, null, Privilege.allAt(Grant.Level.GLOBAL), true))));
      MetaStore.markUsersBootstrapped(txn);
      return true;
    });
  }

  /**
   * Runs {@code body} in a fresh transaction and commits it as a schema change when it returns
   * true (false: nothing to write). Retried from the start on write conflicts, so {@code body}
   * must read what it needs through the transaction it is given. Exceptions from {@code body}
   * roll the change back.
   */
  public void change(Predicate<Transaction> body) {
    for (int attempt = 0; ; attempt++) {
      Transaction txn = storage.begin();
      try {
        if (!body.test(txn)) {
          txn.rollback();
          return;
        }
        MetaStore.bumpSchemaVersion(txn, List.of());
        catalog.commitSchemaChange(txn);
        return;
      } catch (WriteConflictException e) {
        if (attempt >= MAX_CONFLICT_RETRIES) {
          throw e;
        }
      } finally {
        txn.close();
      }
    }
  }
}
