package io.cairn.mysql.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.mysql.fake.FakeSessionFactory;
import io.cairn.sql.session.Passwords;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;

class AuthTest {

  private static final RsaKeys KEYS = RsaKeys.generate();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void nativePasswordScrambleChecksOutOnlyForTheRightPassword() {
    Random random = new Random(7);
    for (int i = 0; i < 50; i++) {
      byte[] scramble = Scrambles.newScramble(new SecureRandom());
      byte[] pw = new byte[1 + random.nextInt(30)];
      random.nextBytes(pw);
      byte[] stored = Scrambles.sha1(Scrambles.sha1(pw));
      assertThat(Scrambles.checkNative(Scrambles.nativeResponse(pw, scramble), scramble, stored))
          .as("seed 7 case %d", i).isTrue();
      byte[] wrong = pw.clone();
      wrong[0] ^= 1;
      assertThat(Scrambles.checkNative(Scrambles.nativeResponse(wrong, scramble), scramble, stored))
          .as("seed 7 case %d", i).isFalse();
    }
  }

  @Test
  void cachingSha2ScrambleChecksOutOnlyForTheRightPassword() {
    byte[] scramble = Scrambles.newScramble(new SecureRandom());
    byte[] stored = Scrambles.sha256(Scrambles.sha256(utf8("pässword")));
    assertThat(Scrambles.checkCachingSha2(Scrambles.cachingSha2Response(utf8("pässword"), scramble), scramble, stored)).isTrue();
    assertThat(Scrambles.checkCachingSha2(Scrambles.cachingSha2Response(utf8("password"), scramble), scramble, stored)).isFalse();
  }

  @Test
  void scrambleHasNoNulOrDollar() {
    byte[] s = Scrambles.newScramble(new SecureRandom());
    assertThat(s).hasSize(20).doesNotContain((byte) 0, (byte) '$');
  }

  @Test
  void rsaPasswordRoundTrip() throws Exception {
    byte[] scramble = Scrambles.newScramble(new SecureRandom());
    byte[] plain = (new String("sekrit") + "\0").getBytes(StandardCharsets.UTF_8);
    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
    cipher.init(Cipher.ENCRYPT_MODE, KEYS.keyPair().getPublic());
    byte[] encrypted = cipher.doFinal(Scrambles.xor(plain, scramble));
    assertThat(KEYS.decryptPassword(encrypted, scramble)).isEqualTo(utf8("sekrit"));
    assertThat(new String(KEYS.publicKeyPem(), StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
  }

  /** Scripted client side of the exchange; records what the server sent. */
  private static final class Script implements AuthExchange {
    final Deque<byte[]> replies = new ArrayDeque<>();
    final List<String> sent = new ArrayList<>();
    boolean secure;

    @Override
    public byte[] switchPlugin(String plugin, byte[] data) {
      sent.add("switch " + plugin);
      return replies.pop();
    }

    @Override
    public void moreData(byte[] data) {
      sent.add(data.length == 1 ? "more " + data[0] : "more key");
    }

    @Override
    public byte[] read() {
      return replies.pop();
    }

    @Override
    public boolean secure() {
      return secure;
    }
  }

  @Test
  void switchesToTheAccountsPluginAndCachesAfterFullAuthentication() {
    FakeSessionFactory accounts = new FakeSessionFactory().withUser("c", "pw", "caching_sha2_password");
    Authenticator auth = new Authenticator(accounts, KEYS);
    byte[] scramble = Scrambles.newScramble(new SecureRandom());

    Script first = new Script();
    first.secure = true;
    first.replies.add(Scrambles.cachingSha2Response(utf8("pw"), scramble));
    first.replies.add(utf8("pw\0"));
    assertThat(auth.authenticate("c", "h", "mysql_native_password",
        Scrambles.nativeResponse(utf8("pw"), scramble), scramble, first)).isPresent();
    assertThat(first.sent).containsExactly("switch caching_sha2_password", "more 4");

    Script second = new Script();
    assertThat(auth.authenticate("c", "h", "caching_sha2_password",
        Scrambles.cachingSha2Response(utf8("pw"), scramble), scramble, second)).isPresent();
    assertThat(second.sent).containsExactly("more 3");

    Script wrong = new Script();
    assertThat(auth.authenticate("c", "h", "caching_sha2_password",
        Scrambles.cachingSha2Response(utf8("nope"), scramble), scramble, wrong)).isEmpty();
  }

  @Test
  void fullAuthenticationWithoutTlsUsesRsa() throws Exception {
    FakeSessionFactory accounts = new FakeSessionFactory().withUser("c", "pw", "caching_sha2_password");
    Authenticator auth = new Authenticator(accounts, KEYS);
    byte[] scramble = Scrambles.newScramble(new SecureRandom());
    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
    cipher.init(Cipher.ENCRYPT_MODE, KEYS.keyPair().getPublic());
    Script s = new Script();
    s.replies.add(new byte[] {2});
    s.replies.add(cipher.doFinal(Scrambles.xor(utf8("pw\0"), scramble)));
    assertThat(auth.authenticate("c", "h", "caching_sha2_password",
        Scrambles.cachingSha2Response(utf8("pw"), scramble), scramble, s)).isPresent();
    assertThat(s.sent).containsExactly("more 4", "more key");

    Script garbage = new Script();
    garbage.replies.add(new byte[] {9, 9, 9});
    Authenticator fresh = new Authenticator(accounts, KEYS);
    assertThat(fresh.authenticate("c", "h", "caching_sha2_password",
        Scrambles.cachingSha2Response(utf8("pw"), scramble), scramble, garbage)).isEmpty();
  }

  @Test
  void cryptStringAccountsAuthenticateFullyThenFromTheCacheUntilTheCredentialChanges() {
    String stored = Passwords.authString(Passwords.CACHING_SHA2, "pw", new SecureRandom());
    FakeSessionFactory accounts = new FakeSessionFactory().withStoredCredential("c", Passwords.CACHING_SHA2, stored);
    Authenticator auth = new Authenticator(accounts, KEYS);
    byte[] scramble = Scrambles.newScramble(new SecureRandom());

    Script wrongFull = new Script();
    wrongFull.secure = true;
    wrongFull.replies.add(utf8("nope\0"));
    assertThat(auth.authenticate("c", "h", Passwords.CACHING_SHA2,
        Scrambles.cachingSha2Response(utf8("nope"), scramble), scramble, wrongFull)).isEmpty();

    Script full = new Script();
    full.secure = true;
    full.replies.add(utf8("pw\0"));
    assertThat(auth.authenticate("c", "h", Passwords.CACHING_SHA2,
        Scrambles.cachingSha2Response(utf8("pw"), scramble), scramble, full)).isPresent();
    assertThat(full.sent).containsExactly("more 4");

    Script fast = new Script();
    assertThat(auth.authenticate("c", "h", Passwords.CACHING_SHA2,
        Scrambles.cachingSha2Response(utf8("pw"), scramble), scramble, fast)).isPresent();
    assertThat(fast.sent).containsExactly("more 3");

    // A new password is a new credential string: the old cache entry no longer applies.
    accounts.withStoredCredential("c", Passwords.CACHING_SHA2,
        Passwords.authString(Passwords.CACHING_SHA2, "pw2", new SecureRandom()));
    Script stale = new Script();
    stale.secure = true;
    stale.replies.add(utf8("pw\0"));
    assertThat(auth.authenticate("c", "h", Passwords.CACHING_SHA2,
        Scrambles.cachingSha2Response(utf8("pw"), scramble), scramble, stale)).isEmpty();
    assertThat(stale.sent).containsExactly("more 4");
  }

  @Test
  void accountsWithoutPasswordAcceptOnlyAnEmptyResponse() {
    Authenticator auth = new Authenticator(new FakeSessionFactory(), KEYS);
    byte[] scramble = Scrambles.newScramble(new SecureRandom());
    assertThat(auth.authenticate("root", "h", "caching_sha2_password", new byte[0], scramble, new Script())).isPresent();
    assertThat(auth.authenticate("root", "h", null, Scrambles.nativeResponse(utf8("x"), scramble), scramble, new Script())).isEmpty();
    assertThat(auth.authenticate("ghost", "h", null, new byte[0], scramble, new Script())).isEmpty();
  }
}
