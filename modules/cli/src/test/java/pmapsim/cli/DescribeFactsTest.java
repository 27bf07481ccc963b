package pmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import pmapsim.model.scenario.MachineSpec;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.workload.Image;
import pmapsim.model.workload.Op;
import pmapsim.model.workload.ProcessSpec;
import pmapsim.model.workload.Workload;

/** What describe computes from a scenario, on one built by hand (so it does not depend on the loader). */
class DescribeFactsTest {

    static Scenario handBuilt(long memoryBytes, int cpus) {
        MachineSpec m = new MachineSpec(cpus, memoryBytes, 8192, 2L << 20, 3L << 20, 1L << 20, "netbsd-1998");
        TreeMap<String, Image> images = new TreeMap<>();
        images.put("make", new Image("make", 20, 4, 8, 4));
        images.put("sh", new Image("sh", 14, 2, 4, 2));
        images.put("cron", new Image("cron", 8, 2, 4, 2));
        TreeMap<String, List<Op>> programs = new TreeMap<>();
        programs.put("make", List.of(new Op.Exec("make"), new Op.Fork("sh"), new Op.Wait(), new Op.Fork("sh"),
                new Op.Wait(), new Op.Exit()));
        programs.put("sh", List.of(new Op.Exec("sh"), new Op.Exit()));
        programs.put("cron", List.of(new Op.Exec("cron"), new Op.Sleep(60_000_000)));
        Workload w = new Workload(images, programs, List.of(new ProcessSpec("cron", "cron", 4, true, 0),
                new ProcessSpec("make", "make", 1, false, 0)));
        return new Scenario("hand-built", "a 24 MiB Alpha", "hand", 1, m, null, null, w, null);
    }

    @Test
    void factsOfA24MiBAlpha() {
        Map<String, Object> f = DescribeCommand.facts(handBuilt(24L << 20, 1));
        assertEquals(List.of("npages", "page_size", "freemin", "freetarg", "inactarg", "wiredmax", "reserve_kernel",
                "reserve_pagedaemon", "cpus", "policy", "memory_bytes", "scenario", "workload"), List.copyOf(f.keySet()));
        assertEquals(2432L, f.get("npages"));
        assertEquals(8192, f.get("page_size"));
        assertEquals(32L, f.get("freemin"));
        assertEquals(42L, f.get("freetarg"));
        assertEquals(43L, f.get("inactarg"));
        assertEquals(810L, f.get("wiredmax"));
        assertEquals(5L, f.get("reserve_kernel"));
        assertEquals(1L, f.get("reserve_pagedaemon"));
        assertEquals(Map.of("processes", 5, "daemons", 4, "programs", 3, "images", 3, "fork_ops", 2), f.get("workload"));
    }

    @Test
    void textShowsPagesAsSizes() {
        String t = DescribeCommand.text(handBuilt(9L << 20, 2));
        assertTrue(t.startsWith("hand-built: a 24 MiB Alpha\n"), t);
        assertTrue(t.lines().anyMatch(l -> l.matches("\\s+npages\\s+512 pages\\s+4 MiB\\s+managed by UVM")), t);
        assertTrue(t.lines().anyMatch(l -> l.matches("\\s+freemin\\s+25 pages\\s+200 KiB(\\s.*)?")), t);
        assertTrue(t.lines().anyMatch(l -> l.matches("\\s+wiredmax\\s+170 pages\\s+1\\.33 MiB(\\s.*)?")), t);
        assertTrue(t.lines().anyMatch(l -> l.matches("\\s+cpus\\s+2")), t);
    }

    @Test
    void sizes() {
        assertEquals("24 MiB", DescribeCommand.size(24L << 20));
        assertEquals("8 KiB", DescribeCommand.size(8192));
        assertEquals("6.33 MiB", DescribeCommand.size(810L * 8192));
        assertEquals("1 GiB", DescribeCommand.size(1L << 30));
        assertEquals("512 B", DescribeCommand.size(512));
    }
}
