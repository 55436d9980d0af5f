package com.sage200events.launcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module boundaries of STYLE.md, checked on the compiled classes of every module. */
class ArchitectureTest {

    private static final String[] SERVICES = {"scheduler", "worker", "dispatcher", "sandbox"};
    // Imported once for all rules: scanning the classpath is the slow part.
    private static final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.sage200events");

    @Test
    void commonDependsOnNoServiceModule() {
        noClasses().that().resideInAPackage("com.sage200events.common..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "com.sage200events.scheduler..", "com.sage200events.worker..", "com.sage200events.dispatcher..",
                        "com.sage200events.sandbox..", "com.sage200events.launcher..", "com.sage200events.testkit..")
                .check(classes);
    }

    @Test
    void noServiceReachesIntoAnotherServicesInternals() {
        for (String service : SERVICES) {
            for (String other : SERVICES) {
                if (!service.equals(other)) {
                    noClasses().that().resideInAPackage("com.sage200events." + service + "..")
                            .should().dependOnClassesThat().resideInAPackage("com.sage200events." + other + "..")
                            .because("services talk through Kafka and Redis, not through each other's classes")
                            .check(classes);
                }
            }
        }
    }

    /** DESIGN.md §7: every piece of Redis state has one owner, a typed store in common/redis (the test kit excepted). */
    @Test
    void onlyTheTypedStoresTouchRedis() {
        noClasses().that().resideOutsideOfPackages("com.sage200events.common.redis..", "com.sage200events.testkit..")
                .should().dependOnClassesThat().resideInAPackage("redis.clients..")
                .because("only the typed stores in common/redis know Redis keys and fields (DESIGN.md §7)")
                .check(classes);
    }

    @Test
    void servicesDoNotDependOnTheTestKit() {
        noClasses().that().resideInAnyPackage("com.sage200events.scheduler..", "com.sage200events.worker..",
                        "com.sage200events.dispatcher..", "com.sage200events.sandbox..", "com.sage200events.common..")
                .should().dependOnClassesThat().resideInAPackage("com.sage200events.testkit..")
                .check(classes);
    }
}
