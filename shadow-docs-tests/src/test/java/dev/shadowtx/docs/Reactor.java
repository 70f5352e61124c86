package dev.shadowtx.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Maven reactor this module is built in: its root directory, its modules and their sources,
 * read from the file system so that a module added to the root pom is seen without a change here.
 */
final class Reactor {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    /**
     * Modules that are applications or measurements, not libraries a service depends on: their
     * properties and meters are not shadowtx's.
     */
    static final List<String> NOT_LIBRARIES = List.of("sample-app", "benchmarks");

    private Reactor() {}

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            Path pom = candidate.resolve("pom.xml");
            if (Files.isRegularFile(pom) && read(pom).contains("<modules>")) {
                return candidate;
            }
        }
        throw new IllegalStateException("No reactor pom.xml above " + dir);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static String readFromRoot(String relative) {
        return read(root().resolve(relative));
    }

    /**
     * The reactor's modules that hold main code and are libraries.
     */
    static List<String> libraryModules() {
        Path root = root();
        Matcher matcher = MODULE.matcher(read(root.resolve("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (matcher.find()) {
            String module = matcher.group(1).strip();
            if (!NOT_LIBRARIES.contains(module)
                    && Files.isDirectory(root.resolve(module).resolve("src/main/java"))) {
                modules.add(module);
            }
        }
        return modules;
    }

    /**
     * Every main Java source file of every library module.
     */
    static List<Path> librarySources() {
        Path root = root();
        List<Path> sources = new ArrayList<>();
        for (String module : libraryModules()) {
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                files.filter((file) -> file.toString().endsWith(".java")).forEach(sources::add);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return sources;
    }
}
