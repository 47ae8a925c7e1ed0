package io.cairn.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.cairn.codec.archviolation.CodecUsingCalcite;
import io.cairn.kv.archviolation.KvType;
import io.cairn.sql.archviolation.SqlUsingDriverAndProtobuf;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each rule of {@link ModuleDependencyRulesTest} rejects a class that breaks it. */
class RulesCatchViolationsTest {

  private final JavaClasses violators =
      new ClassFileImporter()
          .importClasses(SqlUsingDriverAndProtobuf.class, CodecUsingCalcite.class, KvType.class);

  @Test
  void calciteOutsideSqlIsRejected() {
    assertThatThrownBy(() -> ModuleDependencyRulesTest.CALCITE_STAYS_IN_SQL.check(violators))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("CodecUsingCalcite");
  }

  @Test
  void protobufInSqlIsRejected() {
    assertThatThrownBy(() -> ModuleDependencyRulesTest.NO_PROTOBUF_IN_KV_OR_SQL.check(violators))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("SqlUsingDriverAndProtobuf");
  }

  @Test
  void codecUsingKvInterfaceIsRejected() {
    assertThatThrownBy(() -> ModuleDependencyRulesTest.moduleRule("codec", Set.of()).check(violators))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("io.cairn.kv.archviolation.KvType");
  }
}
