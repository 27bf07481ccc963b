package pmapsim.actors.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.Stamped;

class OneActivePmapPerCpuTest {
    private final OneActivePmapPerCpu m = new OneActivePmapPerCpu();
    private long seq;

    private long feed(String actor, ModelEvent body) {
        long s = ++seq;
        m.accept(new Stamped(s, actor, actor + "#" + s, s - 1, 10 * s, body));
        return s;
    }

    private long activated(int pid, String command, int cpu) {
        return feed("pmap-" + pid, new Pmap.Activated(pid, command, cpu));
    }

    private long deactivated(int pid, String command, int cpu) {
        return feed("pmap-" + pid, new Pmap.Deactivated(pid, command, cpu));
    }

    private long switched(int cpu, int pid, String command, String from) {
        return feed("cpu-" + cpu, new Cpu.Switched(cpu, pid, command, "pmap-" + pid, from));
    }

    @Test
    void name() {
        assertEquals("one-active-pmap-per-cpu", m.name());
    }

    @Test
    void twoUserPmapsActiveOnOneCpuFires() {
        activated(3, "make", 0);
        switched(0, 3, "make", null);
        long bad = activated(4, "sh", 0); // pmap-3 never deactivated
        List<Violation> v = m.violations();
        assertEquals(1, v.size(), v.toString());
        assertEquals("one-active-pmap-per-cpu", v.get(0).monitor());
        assertEquals(bad, v.get(0).event());
        assertEquals(3, v.get(0).event());
        assertTrue(v.get(0).message().contains("cpu0 activates pmap-4 (pid 4 sh)"), v.get(0).message());
        assertTrue(v.get(0).message().contains("[pmap-3]"), v.get(0).message());
    }

    @Test
    void switchToAPmapNotActiveOnThatCpuFires() {
        activated(3, "make", 1); // active on cpu1 only
        long bad = switched(0, 3, "make", null);
        List<Violation> v = m.violations();
        assertEquals(1, v.size(), v.toString());
        assertEquals(bad, v.get(0).event());
        assertEquals("cpu0 switched to pmap-3 but the pmaps active on it are []", v.get(0).message());
    }

    @Test
    void switchAfterTheOldPmapWasNotDeactivatedFires() {
        activated(3, "make", 0);
        switched(0, 3, "make", null);
        activated(4, "sh", 0); // fires once here
        long bad = switched(0, 4, "sh", "pmap-3"); // and the CPU sees two
        List<Violation> v = m.violations();
        assertEquals(2, v.size(), v.toString());
        assertEquals(bad, v.get(1).event());
        assertTrue(v.get(1).message().contains("[pmap-3, pmap-4]"), v.get(1).message());
    }

    @Test
    void deactivateWhereNotActiveFires() {
        activated(3, "make", 0);
        long bad = deactivated(3, "make", 1);
        assertEquals(1, m.violations().size());
        assertEquals(bad, m.violations().get(0).event());
        assertEquals("pmap-3 deactivated on cpu1 where it was not active", m.violations().get(0).message());
    }

    @Test
    void doneRightIsSilent() {
        // cpu0: make, then sh (make deactivated first), then back to make
        activated(3, "make", 0);
        switched(0, 3, "make", null);
        // cpu1 runs cron meanwhile
        activated(5, "cron", 1);
        switched(1, 5, "cron", null);
        deactivated(3, "make", 0);
        activated(4, "sh", 0);
        switched(0, 4, "sh", "pmap-3");
        deactivated(4, "sh", 0);
        activated(3, "make", 0);
        switched(0, 3, "make", "pmap-4");
        // make migrates to cpu1 while cpu0 keeps it loaded: one pmap active on two CPUs is allowed
        deactivated(5, "cron", 1);
        activated(3, "make", 1);
        switched(1, 3, "make", "pmap-5");
        // activating again the pmap already active there changes nothing
        activated(3, "make", 1);
        switched(1, 3, "make", "pmap-3");
        assertEquals(List.of(), m.violations());
    }

    @Test
    void otherEventsAreIgnored() {
        feed("pmap-3", new Pmap.Exited(3, "make"));
        feed("cpu-0", new Cpu.PmapDropped(0, "pmap-3"));
        assertEquals(List.of(), m.violations());
    }
}
