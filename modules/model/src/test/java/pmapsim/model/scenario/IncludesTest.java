package pmapsim.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static pmapsim.model.scenario.ScenarioFiles.TINY;
import static pmapsim.model.scenario.ScenarioFiles.assertProblem;
import static pmapsim.model.scenario.ScenarioFiles.lineOf;
import static pmapsim.model.scenario.ScenarioFiles.onlyProblem;
import static pmapsim.model.scenario.ScenarioFiles.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code include "file.conf"}: relative to the including file, required, and loops reported as loops. */
class IncludesTest {
    private static final Path RESOURCES = Path.of("src/test/resources/scenarios");

    @TempDir
    Path dir;

    @Test
    void anIncludeIsRelativeToTheIncludingFile() throws IOException, ScenarioException {
        Files.createDirectories(dir.resolve("base"));
        write(dir, "base/tiny.conf", TINY);
        Path top = write(dir, "top.conf", "include \"base/tiny.conf\"\nmachine.cpus = 4\n");

        Scenario s = ScenarioLoader.load(top, Map.of());

        assertEquals("tiny", s.name());
        assertEquals(4, s.machine().cpus());
        assertEquals(top.toString(), s.source());
    }

    @Test
    void aRequiredIncludeWorksTheSame() throws ScenarioException {
        write(dir, "tiny.conf", TINY);
        Path top = write(dir, "top.conf", "include required(\"tiny.conf\")\nname = top\n");
        assertEquals("top", ScenarioLoader.load(top, Map.of()).name());
    }

    @Test
    void aProblemInAnIncludedFileNamesThatFileAndLine() throws IOException {
        Files.createDirectories(dir.resolve("base"));
        String base = TINY.replace("cpus = 1", "cpus = 100");
        write(dir, "base/tiny.conf", base);
        Path top = write(dir, "top.conf", "include \"base/tiny.conf\"\nseed = 7\n");

        assertProblem(onlyProblem(top), dir.resolve("base/tiny.conf"), lineOf(base, "cpus = 100"), "machine.cpus",
                "must be at most 64, not 100");
    }

    @Test
    void aMissingIncludeIsAProblemNotNothing() {
        Path top = write(dir, "top.conf", TINY + "include \"machnie.conf\"\n");
        assertProblem(onlyProblem(top), top, 0, "",
                "cannot include \"machnie.conf\": there is no such file next to top.conf");
    }

    /** The loop files are named relative to the module: so is the included file the problem is in. */
    @Test
    void anIncludeLoopIsReportedAsALoop() {
        Problem p = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> onlyProblem(RESOURCES.resolve("loop-a.conf")));

        assertEquals(RESOURCES.resolve("loop-b.conf").toString(), p.file());
        assertEquals("include loop: loop-a.conf -> loop-b.conf -> loop-a.conf", p.message());
    }

    @Test
    void aFileIncludingItselfIsALoop() {
        Path self = write(dir, "self.conf", "include \"self.conf\"\n" + TINY);
        assertEquals("include loop: self.conf -> self.conf", onlyProblem(self).message());
    }

    @Test
    void anIncludedSyntaxErrorNamesTheIncludedFile() {
        String broken = "machine {\n  cpus = [1\n}\n";
        Path base = write(dir, "broken.conf", broken);
        Path top = write(dir, "top.conf", "include \"broken.conf\"\n" + TINY);

        Problem p = onlyProblem(top);
        assertEquals(base.toString(), p.file());
        assertEquals(lineOf(broken, "}"), p.line());
    }
}
