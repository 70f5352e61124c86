package dev.shadowtx.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference checks of this module read the configuration metadata and the meter
 * declarations of the modules on its class path, so every library module of the reactor must be
 * a dependency of this module: a new module is then checked without a change to the tests.
 */
class ReactorModulesTests {

    @Test
    void everyLibraryModuleOfTheReactorIsOnThisClassPath() {
        List<String> classPath =
                Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        assertThat(Reactor.libraryModules()).contains("shadow-core", "shadow-spring-boot-starter");
        assertThat(Reactor.libraryModules())
                .allSatisfy((module) -> assertThat(classPath)
                        .as(
                                "module %s is a dependency of shadow-docs-tests (add it to shadow-docs-tests/pom.xml)",
                                module)
                        .anySatisfy(
                                (entry) -> assertThat(entry.replace('\\', '/')).contains("/" + module + "/target/")));
    }
}
