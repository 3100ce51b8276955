package io.lifeboat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Packages by capability, none importing one that imports it back (docs/architecture.md): a cycle would tie
 * capabilities together so that neither can change or be reused alone, the agent SPI above all, which the catalog,
 * the agents and agent mode share.
 */
class PackageCyclesTest {

    private static final JavaClasses LIFEBOAT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.lifeboat");

    @Test
    void noPackageCycles() {
        slices().matching("io.lifeboat.(**)").should().beFreeOfCycles().check(LIFEBOAT);
    }

    /**
     * The connectors listen to the capabilities and are called by the runbooks' BPMN by bean name; no capability
     * names a connector, so a runbook works, and is tested, with every connector unconfigured or gone.
     */
    @Test
    void noCapabilityImportsTheConnectors() {
        noClasses().that().resideOutsideOfPackage("io.lifeboat.connector..")
                .should().dependOnClassesThat().resideInAPackage("io.lifeboat.connector..")
                .check(LIFEBOAT);
    }
}
