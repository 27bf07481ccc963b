package pmapsim.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writing scenario files for tests, loading them, and finding the problems they give. */
final class ScenarioFiles {
    /** A small valid scenario: every test of a bad file starts from it. */
    static final String TINY = """
            name = "tiny"
            machine {
              cpus = 1
              memory = 8 MiB
            }
            workload {
              images {
                sh { text = 4, data = 1, heap = 2, stack = 1 }
              }
              programs {
                run = [ { exec = sh }, { touch = heap, pages = 2, write = true }, { exit = true } ]
              }
              processes = [ { command = sh, program = run } ]
            }
            """;

    private ScenarioFiles() {
    }

    static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Problem> problems(Path file, Map<String, String> overrides) {
        return assertThrows(ScenarioException.class, () -> ScenarioLoader.load(file, overrides)).problems();
    }

    static List<Problem> problems(Path file) {
        return problems(file, Map.of());
    }

    /** The single problem {@code file} gives. */
    static Problem onlyProblem(Path file) {
        return onlyProblem(file, Map.of());
    }

    static Problem onlyProblem(Path file, Map<String, String> overrides) {
        List<Problem> problems = problems(file, overrides);
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        return problems.get(0);
    }

    /** The problem about {@code key}; fails if there is none. */
    static Problem about(List<Problem> problems, String key) {
        return problems.stream().filter(p -> p.key().equals(key)).findFirst()
                .orElseGet(() -> fail("no problem about " + key + " in " + problems));
    }

    /** The 1-based line of the first line of {@code text} that contains {@code snippet}. */
    static int lineOf(String text, String snippet) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(snippet)) {
                return i + 1;
            }
        }
        return fail("no line contains " + snippet);
    }

    static void assertProblem(Problem p, Path file, int line, String key, String messagePart) {
        assertEquals(file.toString(), p.file(), () -> "file of " + p);
        assertEquals(line, p.line(), () -> "line of " + p);
        assertEquals(key, p.key(), () -> "key of " + p);
        assertTrue(p.message().contains(messagePart), () -> "message of " + p + " should contain: " + messagePart);
    }
}
