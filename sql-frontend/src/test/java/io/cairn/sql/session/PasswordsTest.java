package io.cairn.sql.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stored credentials of both password plugins, and the SHA-256 crypt under them. */
class PasswordsTest {

  @Test
  void shaCryptMatchesTheReferenceScheme() {
    // Expected values from `openssl passwd -5 -salt SALT PASSWORD` (the $5$ scheme, 5000 rounds).
    assertThat(ShaCrypt.hash(bytes("Hello world!"), bytes("saltstring"), 5000))
        .isEqualTo("5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5");
    assertThat(ShaCrypt.hash(bytes("a much longer password than thirty-two bytes, surely"), bytes("x"), 5000))
        .isEqualTo("VVx6OHV8/Kc1PP1C3yUVcICayYQDoqMhb3ZW6bgAiC3");
  }

  @Test
  void nativeCredentialIsMySqlsDoubleSha1() {
    // MySQL: SELECT PASSWORD('secret') (5.7) / the authentication_string of IDENTIFIED BY 'secret'.
    String stored = Passwords.authString(Passwords.NATIVE, "secret", new SecureRandom());
    assertThat(stored).isEqualTo("*14E65567ABDB5135D0CFD9A70B3032C179A49EE7");
    assertThat(Passwords.nativeHash(stored)).hasSize(20);
    assertThat(Passwords.wellFormed(Passwords.NATIVE, stored)).isTrue();
    assertThat(Passwords.wellFormed(Passwords.NATIVE, "*12")).isFalse();
  }

  @Test
  void cachingSha2CredentialHasMySqlsShapeAndChecksOnlyItsPassword() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    for (int i = 0; i < 20; i++) {
      String password = randomPassword(random);
      String stored = Passwords.authString(Passwords.CACHING_SHA2, password, new SecureRandom());
      assertThat(stored).as("seed %d", seed).startsWith("$A$005$").hasSize(70).doesNotContain("\0");
      assertThat(stored.substring(7, 27)).as("seed %d", seed).doesNotContain("$");
      assertThat(Passwords.wellFormed(Passwords.CACHING_SHA2, stored)).as("seed %d", seed).isTrue();
      assertThat(Passwords.checkSha2(bytes(password), stored)).as("seed %d, password %s", seed, password).isTrue();
      assertThat(Passwords.checkSha2(bytes(password + "x"), stored)).as("seed %d", seed).isFalse();
      if (password.length() >= 8) {
        // Shorter strings turn up by chance in 63 printable characters (the password "A" in "$A$005$").
        assertThat(stored).as("seed %d: never the clear password", seed).doesNotContain(password);
      }
    }
  }

  @Test
  void emptyPasswordIsStoredEmpty() {
    assertThat(Passwords.authString(Passwords.NATIVE, "", new SecureRandom())).isEmpty();
    assertThat(Passwords.authString(Passwords.CACHING_SHA2, "", new SecureRandom())).isEmpty();
    assertThat(Passwords.checkSha2(new byte[0], "")).isTrue();
    assertThat(Passwords.checkSha2(bytes("x"), "")).isFalse();
    assertThat(Passwords.checkSha2(bytes("x"), "$A$005$garbage")).isFalse();
  }

  private static String randomPassword(Random random) {
    StringBuilder sb = new StringBuilder();
    int n = 1 + random.nextInt(70);
    for (int i = 0; i < n; i++) {
      sb.append((char) (random.nextInt(10) == 0 ? 0xe9 : 0x21 + random.nextInt(0x5e)));
    }
    return sb.toString();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
