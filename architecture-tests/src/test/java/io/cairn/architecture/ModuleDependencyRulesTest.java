package io.cairn.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The module dependency table of docs/architecture.md, enforced on the production classes of
 * every module. Maven already forbids module cycles; these rules also catch dependencies that
 * arrive transitively (e.g. protobuf reaching sql-frontend through coprocessor).
 */
class ModuleDependencyRulesTest {

  /** Module package (under io.cairn) → the other module packages it may use. */
  static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

  static {
    ALLOWED.put("codec", Set.of());
    ALLOWED.put("kv", Set.of("codec"));
    ALLOWED.put("proto", Set.of());
    ALLOWED.put("coprocessor", Set.of("codec", "proto"));
    ALLOWED.put("storage", Set.of("codec", "proto", "coprocessor"));
    ALLOWED.put("pd", Set.of("proto"));
    ALLOWED.put("tikv", Set.of("kv", "proto", "codec", "storage", "pd"));
    ALLOWED.put("sql", Set.of("kv", "codec", "coprocessor"));
    ALLOWED.put("mysql", Set.of("sql"));
    ALLOWED.put(
        "server",
        // "all": the sqllogictest runner too, whose in-process engine the server provides.
        Set.of("codec", "kv", "proto", "coprocessor", "storage", "pd", "tikv", "sql", "mysql", "slt"));
    ALLOWED.put("slt", Set.of());
  }

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ModuleDependencyRulesTest::isProductionClassOfCairn)
            .importPackages("io.cairn");
  }

  /**
   * Cairn's main classes, wherever Maven puts them: {@code target/classes} in a {@code test}
   * run, the module jars in a {@code verify} run. Test classes and test-jars are left out.
   */
  static boolean isProductionClassOfCairn(Location location) {
    if (location.contains("/test-classes/")) {
      return false;
    }
    if (location.isJar()) {
      return location.matches(Pattern.compile(".*/cairn-[a-z-]+-[0-9][^/]*(?<!-tests)\\.jar!/.*"));
    }
    return location.contains("/target/classes/");
  }

  static Stream<Arguments> modules() {
    return ALLOWED.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0} uses only {1}")
  @MethodSource("modules")
  void moduleUsesOnlyAllowedModules(String module, Set<String> allowed) {
    moduleRule(module, allowed).check(classes);
  }

  /** Classes of {@code module} use no module package outside {@code allowed}. */
  static ArchRule moduleRule(String module, Set<String> allowed) {
    String[] forbidden =
        ALLOWED.keySet().stream()
            .filter(m -> !m.equals(module) && !allowed.contains(m))
            .map(m -> "io.cairn." + m + "..")
            .toArray(String[]::new);
    return noClasses()
        .that()
        .resideInAPackage("io.cairn." + module + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden)
        .allowEmptyShould(true)
        .because("docs/architecture.md lets " + module + " use only " + allowed);
  }

  static final ArchRule CALCITE_STAYS_IN_SQL =
      noClasses()
          .that()
          .resideInAPackage("io.cairn..")
          .and()
          .resideOutsideOfPackage("io.cairn.sql..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.calcite..")
          .because("Calcite types never leave sql-frontend");

  static final ArchRule NO_PROTOBUF_IN_KV_OR_SQL =
      noClasses()
          .that()
          .resideInAnyPackage("io.cairn.kv..", "io.cairn.sql..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("com.google.protobuf..", "io.grpc..", "io.cairn.proto..")
          .because("protobuf and gRPC types never reach kv-interface or sql-frontend");

  static final ArchRule SQL_NEVER_USES_A_DRIVER =
      noClasses()
          .that()
          .resideInAPackage("io.cairn.sql..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.cairn.tikv..", "io.cairn.storage..", "io.cairn.pd..")
          .because("the SQL layer talks to storage only through kv-interface");

  @Test
  void calciteStaysInsideSqlFrontend() {
    CALCITE_STAYS_IN_SQL.check(classes);
  }

  @Test
  void noProtobufOrGrpcInKvInterfaceOrSqlFrontend() {
    NO_PROTOBUF_IN_KV_OR_SQL.check(classes);
  }

  @Test
  void sqlFrontendNeverDependsOnADriver() {
    SQL_NEVER_USES_A_DRIVER.check(classes);
  }

  @Test
  void modulesAreFreeOfCycles() {
    slices().matching("io.cairn.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void everyModuleOfTheTableHasClasses() {
    // Guards the rules above against passing vacuously after a package rename.
    Arrays.stream(ALLOWED.keySet().toArray(String[]::new))
        .forEach(
            m -> {
              if (classes.stream().noneMatch(c -> c.getPackageName().startsWith("io.cairn." + m))) {
                throw new AssertionError("no production classes found in io.cairn." + m);
              }
            });
  }
}
