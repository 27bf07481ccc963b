package pmapsim.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import pmapsim.model.workload.Image;
import pmapsim.model.workload.Op;
import pmapsim.model.workload.ProcessSpec;
import pmapsim.model.workload.Region;

/** The scenarios shipped in config/scenarios load with the values they state. */
class RealScenariosTest {
    private static final Path SCENARIOS = Path.of("../../config/scenarios");
    private static final long MIB = 1024 * 1024;

    @Test
    void libcCleandirLoadsWithItsIncludedMachine() throws ScenarioException {
        Path file = SCENARIOS.resolve("alpha-nfs-libc-cleandir.conf");
        Scenario s = ScenarioLoader.load(file, Map.of());

        assertEquals("alpha-nfs-libc-cleandir", s.name());
        assertTrue(s.description().startsWith("make cleandir in lib/libc"));
        assertEquals(file.toString(), s.source());
        assertEquals(1, s.seed());
        assertEquals(new MachineSpec(1, 16 * MIB, 8192, 2 * MIB, 3 * MIB, MIB, "netbsd-1998"), s.machine());
        assertEquals(new UvmSpec(20_000_000, 8, 2, 64), s.uvm());
        assertEquals(new SwapSpec(64 * MIB, 2_000, MIB, 700_000, 512 * 1024), s.swap());
        assertEquals(new LimitsSpec(7_200_000_000L, 20_000_000, 600_000_000), s.limits());
    }

    @Test
    void libcCleandirAppendsMakeToTheDaemons() throws ScenarioException {
        Scenario s = ScenarioLoader.load(SCENARIOS.resolve("alpha-nfs-libc-cleandir.conf"), Map.of());
        List<ProcessSpec> processes = s.workload().processes();

        assertEquals(9, processes.size());
        assertEquals(new ProcessSpec("make", "make-cleandir", 1, false, 60_000_000), processes.get(8));
        assertTrue(processes.subList(0, 8).stream().allMatch(ProcessSpec::daemon));
        assertEquals(new ProcessSpec("nfsiod", "nfsiod", 4, true, 0), processes.get(6));
        assertEquals(12, s.workload().processCount());
    }

    @Test
    void libcCleandirProgramsAndImages() throws ScenarioException {
        Scenario s = ScenarioLoader.load(SCENARIOS.resolve("alpha-nfs-libc-cleandir.conf"), Map.of());

        assertEquals(11, s.workload().images().size());
        assertEquals(new Image("make", 20, 4, 8, 4), s.workload().images().get("make"));
        List<Op> make = s.workload().programs().get("make-cleandir");
        assertEquals(List.of(
                new Op.Exec("make"),
                new Op.Touch(Region.TEXT, 16, false, false, 1),
                new Op.Touch(Region.DATA, 4, true, false, 1),
                new Op.Grow(2300),
                new Op.Touch(Region.HEAP, 300, false, true, 1),
                new Op.Grow(16),
                new Op.Fork("rm-objects"),
                new Op.Wait()), make.subList(0, 8));
        assertEquals(new Op.Wait(), make.get(make.size() - 2));
        assertEquals(new Op.Exit(), make.get(make.size() - 1));
        assertEquals(6, s.workload().forkOps());
        assertEquals(new Op.Sleep(60_000_000), s.workload().programs().get("init").get(3));
    }

    @Test
    void roomyChangesOnlyTheMemory() throws ScenarioException {
        Scenario cleandir = ScenarioLoader.load(SCENARIOS.resolve("alpha-nfs-libc-cleandir.conf"), Map.of());
        Scenario roomy = ScenarioLoader.load(SCENARIOS.resolve("alpha-roomy.conf"), Map.of());

        assertEquals("alpha-roomy", roomy.name());
        assertEquals(64 * MIB, roomy.machine().memoryBytes());
        assertEquals(cleandir.machine().kernelBytes(), roomy.machine().kernelBytes());
        assertEquals(cleandir.workload(), roomy.workload());
        assertEquals(cleandir.swap(), roomy.swap());
    }

    /** The shared machine has only daemons: it is meant to be included, and alone it has nothing to complete. */
    @Test
    void theSharedMachineAloneHasOnlyDaemons() throws IOException {
        Path file = SCENARIOS.resolve("alpha-1998.conf");
        Problem p = ScenarioFiles.onlyProblem(file);

        ScenarioFiles.assertProblem(p, file, ScenarioFiles.lineOf(Files.readString(file), "processes = ["),
                "workload.processes", "nothing to complete: every process is a daemon");
    }
}
