package io.cairn.sql.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.sql.session.SqlException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on MySQL errors. */
public final class SqlAssertions {

  private SqlAssertions() {}

  /** Asserts that {@code call} fails with a {@link SqlException} of {@code errno} and message. */
  public static void assertSqlError(int errno, String message, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(SqlException.class)
        .hasMessage(message)
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((SqlException) e).errno())
            .as("errno of: " + e.getMessage()).isEqualTo(errno));
  }

  /** Asserts the errno only. */
  public static void assertSqlError(int errno, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(SqlException.class)
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((SqlException) e).errno())
            .as("errno of: " + e.getMessage()).isEqualTo(errno));
  }
}
