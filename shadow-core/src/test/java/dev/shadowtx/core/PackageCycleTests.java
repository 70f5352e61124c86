package dev.shadowtx.core;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The packages of shadow-core depend on each other without a cycle, so each concept can be read,
 * tested and changed starting from the ones it builds on.
 */
class PackageCycleTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.shadowtx.core");

    @Test
    void packagesAreFreeOfCycles() {
        slices().assignedFrom(byPackage()).should().beFreeOfCycles().check(CLASSES);
    }

    /**
     * One slice per package, the root package included (a pattern such as
     * {@code dev.shadowtx.core.(*)..} would leave the root package's classes out).
     */
    static SliceAssignment byPackage() {
        return new SliceAssignment() {

            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                return SliceIdentifier.of(javaClass.getPackageName());
            }

            @Override
            public String getDescription() {
                return "one slice per package";
            }
        };
    }
}
