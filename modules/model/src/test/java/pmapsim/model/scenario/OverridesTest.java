package pmapsim.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static pmapsim.model.scenario.ScenarioFiles.TINY;
import static pmapsim.model.scenario.ScenarioFiles.about;
import static pmapsim.model.scenario.ScenarioFiles.problems;
import static pmapsim.model.scenario.ScenarioFiles.write;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys set on the command line: parsed as HOCON values, stronger than the file, checked like it. */
class OverridesTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void overridesTakePrecedenceOverTheFile() throws ScenarioException {
        Path file = write(dir, "tiny.conf", TINY);
        Scenario s = ScenarioLoader.load(file, Map.of(
                "machine.cpus", "2",
                "machine.memory", "24 MiB",
                "seed", "42",
                "uvm.maxslp", "5s",
                "name", "tiny on two CPUs"));

        assertEquals(2, s.machine().cpus());
        assertEquals(24 * MIB, s.machine().memoryBytes());
        assertEquals(42, s.seed());
        assertEquals(5_000_000, s.uvm().maxslpMicros());
        assertEquals("tiny on two CPUs", s.name());
    }

    @Test
    void overridesReachIncludedScenarios() throws ScenarioException {
        Path roomy = Path.of("../../config/scenarios/alpha-roomy.conf");
        Scenario s = ScenarioLoader.load(roomy, Map.of("machine.memory", "32 MiB", "swap.bandwidth", "2M"));

        assertEquals(32 * MIB, s.machine().memoryBytes());
        assertEquals(2 * MIB, s.swap().bytesPerSecond());
        assertEquals(9, s.workload().processes().size());
    }

    @Test
    void anOverrideCanBeAnyHoconValue() throws ScenarioException {
        Path file = write(dir, "tiny.conf", TINY);
        Scenario s = ScenarioLoader.load(file, Map.of(
                "workload.processes", "[ { command = a, program = run, count = 3 } ]",
                "machine.boot-wired", "\"512 KiB\"",
                "description", "a=b, c"));

        assertEquals(3, s.workload().processCount());
        assertEquals(512 * 1024, s.machine().bootWiredBytes());
        assertEquals("a=b, c", s.description());
    }

    @Test
    void badOverridesAreProblemsOfTheCommandLine() {
        Path file = write(dir, "tiny.conf", TINY);
        List<Problem> problems = problems(file, Map.of(
                "machine.cpus", "two",
                "machine.memory", "lots",
                "machine.cpu", "2",
                "machine..cpus", "2"));

        assertEquals(4, problems.size(), problems::toString);
        for (Problem p : problems) {
            assertEquals("command line", p.file(), p::toString);
            assertEquals(0, p.line(), p::toString);
        }
        assertEquals("must be a whole number, not \"two\"", about(problems, "machine.cpus").message());
        assertEquals("not a size: \"lots\" (write e.g. 24 MiB, 512 KiB or 8192)",
                about(problems, "machine.memory").message());
        assertEquals("unknown key (did you mean cpus?)", about(problems, "machine.cpu").message());
        about(problems, "machine..cpus");
    }

    @Test
    void anOverrideIsOneValueNeverMoreKeys() throws ScenarioException {
        Path file = write(dir, "tiny.conf", TINY);
        Scenario s = ScenarioLoader.load(file, Map.of("name", "x\nseed = 99"));

        assertEquals("x\nseed = 99", s.name());
        assertEquals(1, s.seed());
    }

    @Test
    void problemsInTheFileKeepTheirLinesBesideOverrides() {
        String text = TINY.replace("cpus = 1", "cpus = 65");
        Path file = write(dir, "tiny.conf", text);
        Problem p = ScenarioFiles.onlyProblem(file, Map.of("machine.memory", "16 MiB", "seed", "3"));

        ScenarioFiles.assertProblem(p, file, ScenarioFiles.lineOf(text, "cpus = 65"), "machine.cpus",
                "must be at most 64, not 65");
    }

    @Test
    void overridesAreCheckedAgainstTheFile() {
        Path file = write(dir, "tiny.conf", TINY);
        Problem p = ScenarioFiles.onlyProblem(file, Map.of("machine.memory", "4 MiB"));

        assertEquals(new Problem("command line", 0, "machine.memory",
                "memory 4 MiB is smaller than what the firmware and kernel keep (5 MiB)"), p);
    }
}
