package io.cairn.sql.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.testing.MemoryStorage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Accounts in the catalog: their stored form, host matching, bootstrap and visibility. */
class UserCatalogTest {

  @Test
  void userCodecRoundTripsRandomAccounts() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    for (int i = 0; i < 200; i++) {
      UserInfo u = randomUser(random);
      assertThat(UserCodec.decode(UserCodec.encode(u))).as("seed %d", seed).isEqualTo(u);
    }
  }

  @Test
  void codecRefusesUnknownFormatsAndTrailingBytes() {
    byte[] bytes = UserCodec.encode(new UserInfo("u", "%", "mysql_native_password", "", List.of()));
    byte[] trailing = java.util.Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> UserCodec.decode(trailing)).hasMessageContaining("trailing");
    bytes[0] = 9;
    assertThatThrownBy(() -> UserCodec.decode(bytes)).hasMessageContaining("format 9");
  }

  @Test
  void grantsAreNormalizedAndOnePerObject() {
    Grant db = new Grant(Grant.Level.DATABASE, "Shop", null, Set.of(Privilege.SELECT), false);
    assertThat(db.db()).isEqualTo("shop");
    UserInfo u = new UserInfo("u", "%", "mysql_native_password", "", List.of(db,
        new Grant(Grant.Level.TABLE, "a", "t", Set.of(), false)));
    assertThat(u.grants()).containsExactly(db);
    assertThat(u.global().privileges()).isEmpty();
    assertThatThrownBy(() -> new UserInfo("u", "%", "p", "", List.of(db, db)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Grant(Grant.Level.TABLE, "a", null, Set.of(), false))
        .isInstanceOf(IllegalArgumentException.class);
    UserInfo replaced = u.withGrant(new Grant(Grant.Level.DATABASE, "SHOP", null, Set.of(Privilege.DROP), true));
    assertThat(replaced.grants()).singleElement()
        .satisfies(g -> assertThat(g.privileges()).containsExactly(Privilege.DROP));
  }

  @Test
  void mostSpecificMatchingHostWins() {
    UserTable users = new UserTable(List.of(user("u", "%"), user("u", "10.0.%"), user("u", "10.0.0.7"),
        user("u", "localhost"), user("v", "10.0.0.7"), user("w", "h_st")));
    assertThat(users.match("u", "10.0.0.7").orElseThrow().host()).isEqualTo("10.0.0.7");
    assertThat(users.match("u", "10.0.3.1").orElseThrow().host()).isEqualTo("10.0.%");
    assertThat(users.match("u", "192.168.1.1").orElseThrow().host()).isEqualTo("%");
    assertThat(users.match("u", "127.0.0.1").orElseThrow().host()).isEqualTo("localhost");
    assertThat(users.match("u", "LOCALHOST").orElseThrow().host()).isEqualTo("localhost");
    assertThat(users.match("v", "10.0.0.8")).isEmpty();
    assertThat(users.match("w", "host").orElseThrow().host()).isEqualTo("h_st");
    assertThat(users.match("w", "hoost")).isEmpty();
    assertThat(users.match("nobody", "10.0.0.7")).isEmpty();
    assertThat(users.account("u", "LocalHost")).isPresent();
  }

  @Test
  void bootstrapMakesRootOnceAndChangesReachEveryCatalogOnTheStore() {
    try (MemoryStorage storage = new MemoryStorage("users")) {
      Catalog first = new Catalog(storage);
      new UserChanges(first).bootstrap();
      UserInfo root = first.refresh().users().match("root", "1.2.3.4").orElseThrow();
      assertThat(root.authString()).isEmpty();
      assertThat(root.global().privileges()).isEqualTo(Privilege.allAt(Grant.Level.GLOBAL));
      assertThat(root.global().grantOption()).isTrue();
      long version = first.current().version();

      Catalog second = new Catalog(storage);
      UserChanges changes = new UserChanges(second);
      changes.change(txn -> {
        MetaStore.deleteUser(txn, "root", "%");
        MetaStore.putUser(txn, user("admin", "%"));
        return true;
      });
      changes.bootstrap();
      assertThat(second.current().users().all()).extracting(UserInfo::user).containsExactly("admin");
      // A change bumps the schema version, so every catalog reloads it at its next refresh.
      assertThat(first.refresh().version()).isGreaterThan(version);
      assertThat(first.current().users().all()).extracting(UserInfo::user).containsExactly("admin");
      assertThat(MetaStore.schemaDiff(storage.snapshot(storage.currentTimestamp()), first.current().version()))
          .isEmpty();
    }
  }

  private static UserInfo user(String name, String host) {
    return new UserInfo(name, host, "mysql_native_password", "", List.of());
  }

  private static UserInfo randomUser(Random random) {
    List<Grant> grants = new ArrayList<>();
    if (random.nextBoolean()) {
      grants.add(new Grant(Grant.Level.GLOBAL, null, null, randomPrivileges(random, Grant.Level.GLOBAL),
          random.nextBoolean()));
    }
    for (int i = random.nextInt(4); i > 0; i--) {
      grants.add(new Grant(Grant.Level.DATABASE, "db" + i, null, randomPrivileges(random, Grant.Level.DATABASE),
          random.nextBoolean()));
      grants.add(new Grant(Grant.Level.TABLE, "db" + i, "t\u00e9" + random.nextInt(3),
          randomPrivileges(random, Grant.Level.TABLE), random.nextBoolean()));
    }
    String plugin = random.nextBoolean() ? "mysql_native_password" : "caching_sha2_password";
    return new UserInfo("u" + random.nextInt(100), random.nextBoolean() ? "%" : "10.0.%", plugin,
        random.nextBoolean() ? "" : "*" + Long.toHexString(random.nextLong()), grants);
  }

  private static Set<Privilege> randomPrivileges(Random random, Grant.Level level) {
    Set<Privilege> out = EnumSet.noneOf(Privilege.class);
    for (Privilege p : Privilege.allAt(level)) {
      if (random.nextInt(3) == 0) {
        out.add(p);
      }
    }
    return out;
  }
}
