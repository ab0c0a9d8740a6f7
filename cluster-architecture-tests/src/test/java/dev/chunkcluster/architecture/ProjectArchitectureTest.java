package dev.chunkcluster.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shape of the whole project, checked on the production classes of every module (this module exists to see them
 * all on its test class path): how the modules may depend on each other, and the coding rules of the library modules
 * beyond the core. The core's own rules are the core's ({@code CoreArchitectureTest}) and are not repeated here.
 * Every rule fails when it finds nothing to check, and {@link #everyModuleIsImported()} makes sure a misspelt package
 * cannot make a rule pass vacuously.
 */
class ProjectArchitectureTest {

    private static final String CORE = "dev.chunkcluster.core..";
    private static final String JDBC = "dev.chunkcluster.jdbc..";
    private static final String SQLITE = "dev.chunkcluster.sqlite..";
    private static final String POSTGRES = "dev.chunkcluster.postgres..";
    private static final String PROCESS = "dev.chunkcluster.process..";
    private static final String TESTKIT = "dev.chunkcluster.testkit..";
    private static final String EXAMPLES = "dev.chunkcluster.examples..";
    private static final String BENCHMARKS = "dev.chunkcluster.benchmarks..";
    private static final String[] LIBRARY = {CORE, JDBC, SQLITE, POSTGRES, PROCESS, TESTKIT};
    /** The library modules whose coding rules are checked here; the core checks its own. */
    private static final String[] LIBRARY_BEYOND_CORE = {JDBC, SQLITE, POSTGRES, PROCESS, TESTKIT};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the benchmark classes JMH generates are named *_jmhTest, yet they are not tests
                .withImportOption(location -> !location.contains("/jmh_generated/"))
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.chunkcluster");
    }

    @Test
    void everyModuleIsImported() {
        Map<String, String> modules = Map.of(
                "cluster-core", "dev.chunkcluster.core.policy.StopPolicy",
                "cluster-jdbc", "dev.chunkcluster.jdbc.JdbcChunkStore",
                "cluster-sqlite-adapter", "dev.chunkcluster.sqlite.SqliteChunkStore",
                "cluster-postgres-adapter", "dev.chunkcluster.postgres.PostgresChunkStore",
                "cluster-process-adapter", "dev.chunkcluster.process.LocalProcessController",
                "cluster-testkit", "dev.chunkcluster.testkit.InMemoryChunkStore",
                "cluster-examples", "dev.chunkcluster.examples.Main",
                "cluster-benchmarks", "dev.chunkcluster.benchmarks.BenchmarkReport");
        modules.forEach((module, type) -> assertTrue(classes.contain(type),
                "classes of " + module + " (" + type + ") must be imported"));
        for (String pkg : new String[]{CORE, JDBC, SQLITE, POSTGRES, PROCESS, TESTKIT, EXAMPLES, BENCHMARKS}) {
            String name = pkg.substring(0, pkg.length() - 2);
            long count = classes.stream().filter(c -> c.getPackageName().startsWith(name)).count();
            assertTrue(count >= 3, "expected classes in " + pkg + ", found " + count);
        }
        assertTrue(classes.stream().noneMatch(c -> c.getSimpleName().endsWith("Test")),
                "test classes must not be imported");
    }

    @Test
    void sqliteAdapterNeverDependsOnProcessAdapter() {
        noClasses().that().resideInAPackage(SQLITE)
                .should().dependOnClassesThat().resideInAPackage(PROCESS)
                .because("adapters never depend on each other")
                .check(classes);
    }

    @Test
    void onlyTheBuildTimeSqlDslUsesJooq() {
        noClasses().that().resideInAnyPackage(LIBRARY).and().doNotHaveSimpleName("ChunkSqlDsl")
                .should().dependOnClassesThat().resideInAPackage("org.jooq..")
                .because("the stores run the statements jOOQ rendered at build time and never load jOOQ themselves")
                .check(classes);
    }

    @Test
    void theSharedJdbcModuleKnowsNoAdapter() {
        noClasses().that().resideInAPackage(JDBC)
                .should().dependOnClassesThat().resideInAnyPackage(SQLITE, POSTGRES, PROCESS)
                .because("the adapters share it, so it depends on the core alone")
                .check(classes);
    }

    @Test
    void theSqlAdaptersNeverDependOnEachOther() {
        noClasses().that().resideInAPackage(SQLITE)
                .should().dependOnClassesThat().resideInAnyPackage(POSTGRES)
                .because("adapters never depend on each other; what they share lives in cluster-jdbc")
                .check(classes);
        noClasses().that().resideInAPackage(POSTGRES)
                .should().dependOnClassesThat().resideInAnyPackage(SQLITE, PROCESS)
                .because("adapters never depend on each other; what they share lives in cluster-jdbc")
                .check(classes);
    }

    @Test
    void processAdapterNeverDependsOnSqliteAdapter() {
        noClasses().that().resideInAPackage(PROCESS)
                .should().dependOnClassesThat().resideInAnyPackage(SQLITE, POSTGRES)
                .because("adapters never depend on each other")
                .check(classes);
    }

    @Test
    void libraryNeverDependsOnTheExamplesOrTheBenchmarks() {
        noClasses().that().resideInAnyPackage(LIBRARY)
                .should().dependOnClassesThat().resideInAnyPackage(EXAMPLES, BENCHMARKS)
                .check(classes);
    }

    @Test
    void noPackageCyclesBetweenModules() {
        slices().matching("dev.chunkcluster.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noPackageCyclesInsideTheExamples() {
        slices().matching("dev.chunkcluster.examples.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void libraryCodeDoesNotPrint() {
        noClasses().that().resideInAnyPackage(LIBRARY_BEYOND_CORE).should(ACCESS_STANDARD_STREAMS)
                .because("a library logs through slf4j; only the examples' CLI prints")
                .check(classes);
    }

    @Test
    void libraryCodeDoesNotUseJavaUtilLogging() {
        noClasses().that().resideInAnyPackage(LIBRARY_BEYOND_CORE).should(USE_JAVA_UTIL_LOGGING)
                .because("slf4j-api is the only logging dependency of a library module")
                .check(classes);
    }

    @Test
    void libraryCodeThrowsSpecificExceptions() {
        noClasses().that().resideInAnyPackage(LIBRARY_BEYOND_CORE).should(THROW_GENERIC_EXCEPTIONS)
                .because("errors are ChunkClusterExceptions or specific JDK exceptions, never bare"
                        + " Throwable/Exception/RuntimeException")
                .check(classes);
    }
}
