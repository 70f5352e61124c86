package dev.shadowtx.core.testsupport;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * Checks that the main classes under a package depend on each other without a package cycle.
 * Every package is a slice of its own, the root package included (a pattern such as
 * {@code dev.shadowtx.core.(*)..} would leave the root package's classes out and merge
 * subpackages into their parent).
 */
public final class PackageCycles {

    private PackageCycles() {}

    /**
     * Fail with every cycle found among the packages under the given one.
     * @param rootPackage the package whose main classes (and subpackages) are checked
     */
    public static void assertNone(String rootPackage) {
        slices().assignedFrom(BY_PACKAGE)
                .should()
                .beFreeOfCycles()
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                        .importPackages(rootPackage));
    }

    private static final SliceAssignment BY_PACKAGE = new SliceAssignment() {

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
