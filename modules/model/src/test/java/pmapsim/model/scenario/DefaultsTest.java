package pmapsim.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static pmapsim.model.scenario.ScenarioFiles.TINY;
import static pmapsim.model.scenario.ScenarioFiles.write;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmapsim.model.workload.Op;
import pmapsim.model.workload.ProcessSpec;
import pmapsim.model.workload.Region;

/** What a scenario may leave out, and how values are written. */
class DefaultsTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void everyOptionalKeyHasItsDocumentedDefault() throws ScenarioException {
        Scenario s = ScenarioLoader.load(write(dir, "tiny.conf", TINY), Map.of());

        assertEquals("", s.description());
        assertEquals(1, s.seed());
        assertEquals(new MachineSpec(1, 8 * MIB, 8192, 2 * MIB, 3 * MIB, 0, "netbsd-1998"), s.machine());
        assertEquals(new UvmSpec(20_000_000, 8, 2, 64), s.uvm());
        assertEquals(new SwapSpec(64 * MIB, 2_000, MIB, 700_000, 512 * 1024), s.swap());
        assertEquals(new LimitsSpec(7_200_000_000L, 20_000_000, 600_000_000), s.limits());
        assertEquals(List.of(new ProcessSpec("sh", "run", 1, false, 0)), s.workload().processes());
        assertEquals(new Op.Touch(Region.HEAP, 2, true, false, 1), s.workload().programs().get("run").get(1));
    }

    @Test
    void valuesMayBeWrittenInAnyHoconForm() throws ScenarioException {
        String text = TINY + """
                machine { cpus = "2", memory = 12000000, page-size = 16 KiB, kernel = 3.5 MiB }
                uvm.maxslp = 20
                swap { size = 100 MB, bandwidth = 1250000 }
                workload.programs.run = [
                  { exec = sh }
                  { touch = stack, pages = 3, write = yes, random = true, times = 2 }
                  { grow = 10 }, { compute = 1.5ms }, { sleep = 250us }
                  { exit = true }
                ]
                workload.processes = [ { command = sh, program = run, count = 2, start-at = 3s } ]
                """;
        Scenario s = ScenarioLoader.load(write(dir, "forms.conf", text), Map.of());

        assertEquals(2, s.machine().cpus());
        assertEquals(12_000_000, s.machine().memoryBytes());
        assertEquals(16384, s.machine().pageSize());
        assertEquals(3 * MIB + MIB / 2, s.machine().kernelBytes());
        assertEquals(20_000, s.uvm().maxslpMicros(), "a duration without a unit is milliseconds");
        assertEquals(100_000_000, s.swap().sizeBytes(), "MB is decimal");
        assertEquals(1_250_000, s.swap().bytesPerSecond());
        assertEquals(List.of(
                new Op.Exec("sh"),
                new Op.Touch(Region.STACK, 3, true, true, 2),
                new Op.Grow(10),
                new Op.Compute(1_500),
                new Op.Sleep(250),
                new Op.Exit()), s.workload().programs().get("run"));
        assertEquals(List.of(new ProcessSpec("sh", "run", 2, false, 3_000_000)), s.workload().processes());
    }
}
