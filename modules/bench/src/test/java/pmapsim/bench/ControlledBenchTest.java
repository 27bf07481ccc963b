package pmapsim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ControlledBench run as a user runs it, in a JVM of its own: its figures on stdout, and stderr clean of SLF4J. */
class ControlledBenchTest {
    @Test
    void aRunPrintsItsFiguresAndNoSlf4jLinesOnStderr(@TempDir Path dir) throws Exception {
        Path top = SeedBench.findRepoDir(Path.of("")).orElseThrow();
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                ControlledBench.class.getName(), "--rounds", "1", "--repo-dir", top.toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ControlledBench did not end within 2 minutes");
        assertEquals(0, p.exitValue(), Files.readString(err));
        assertTrue(Files.readString(out).contains("controlled turns/s"), Files.readString(out));
        // SLF4J started by the first of several actor-system threads logging at once says it replayed their calls
        assertFalse(Files.readString(err).contains("SLF4J"), Files.readString(err));
    }

    /** FirstFindBench prints this median of 20 campaigns: it must be the mean of the two middle ones, as Figure's. */
    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertEquals(2.5, ControlledBench.median(List.of(10.0, 1.0, 3.0, 2.0)));
        assertEquals(3.0, ControlledBench.median(List.of(10.0, 1.0, 3.0)));
    }
}
