package dev.chunkcluster.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.chunkcluster.core.chunk.ChunkTransitions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The core's shape: pure domain and policies behind ports, the JDK and slf4j only (and JSpecify's annotations). */
class CoreArchitectureTest {

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.chunkcluster.core");
    }

    @Test
    void theImportFoundTheCore() {
        assertTrue(core.contain(ChunkTransitions.class));
        assertTrue(core.contain(dev.chunkcluster.core.port.ChunkStore.class));
        assertTrue(core.contain(dev.chunkcluster.core.policy.StopPolicy.class));
        assertTrue(core.size() > 30, "imported only " + core.size() + " classes");
    }

    @Test
    void coreDependsOnTheJdkAndSlf4jOnly() {
        classes().that().resideInAPackage("dev.chunkcluster.core..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.chunkcluster.core..", "java..", "org.slf4j..", "org.jspecify.annotations..")
                .check(core);
    }

    @Test
    void coreUsesNoDatabaseOrOperatingSystemProcessApi() {
        noClasses().that().resideInAPackage("dev.chunkcluster.core..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(ProcessHandle.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(Process.class.getName())
                .check(core);
    }

    @Test
    void portsAreInterfacesInThePortPackage() {
        classes().that().haveSimpleNameEndingWith("Store").or().haveSimpleNameEndingWith("Controller")
                .and().resideInAPackage("dev.chunkcluster.core..")
                .should().beInterfaces().andShould().resideInAPackage("dev.chunkcluster.core.port")
                .check(core);
    }

    @Test
    void domainDoesNotKnowPortsOrPolicies() {
        noClasses().that().resideInAnyPackage("dev.chunkcluster.core.chunk", "dev.chunkcluster.core.status",
                        "dev.chunkcluster.core.error")
                .should().dependOnClassesThat().resideInAnyPackage("dev.chunkcluster.core.port..",
                        "dev.chunkcluster.core.policy..")
                .check(core);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.chunkcluster.core.(**)").should().beFreeOfCycles().check(core);
    }

    @Test
    void libraryCodingRules() {
        NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(core);
        NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.check(core);
        NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS.check(core);
    }

    @Test
    void domainCodeReadsTimeOnlyFromAnInjectedClock() {
        noClasses().that().resideInAPackage("dev.chunkcluster.core..")
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .check(core);
    }
}
