package pmapsim.actors.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.Stamped;

class CollectActiveTest {
    private final CollectActive m = new CollectActive();
    private long seq;

    private long feed(String actor, ModelEvent body) {
        long s = ++seq;
        m.accept(new Stamped(s, actor, actor + "#" + s, -1, 10 * s, body));
        return s;
    }

    private static Pmap.CollectStarted collect(int pid, int byCpu, int onCpu, long cpusAtCollect) {
        return new Pmap.CollectStarted(7, pid, "sh", Pmap.CollectReason.EMERGENCY, byCpu, onCpu, "pmap-9",
                cpusAtCollect, new int[] {40, 41, 42}, new long[] {0x120000000L}, new int[] {12});
    }

    @Test
    void name() {
        assertEquals("collect-active", m.name());
    }

    @Test
    void collectOfAPmapActiveOnAnotherCpuFires() {
        long act = feed("pmap-4", new Pmap.Activated(4, "sh", 1));
        long bad = feed("pmap-4", collect(4, 0, 0, 1L << 1));
        List<Violation> v = m.violations();
        assertEquals(1, v.size(), v.toString());
        assertEquals("collect-active", v.get(0).monitor());
        assertEquals(bad, v.get(0).event());
        String msg = v.get(0).message();
        assertTrue(msg.startsWith("cpu0 collects pmap-4 (pid 4 sh) while it is active on cpu1"), msg);
        assertTrue(msg.contains("(activated at event " + act + ")"), msg);
        assertTrue(msg.contains("3 table page(s) freed under a running CPU"), msg);
    }

    @Test
    void namesEveryCpuAndThePageDaemon() {
        long bad = feed("pmap-4", collect(4, -1, 3, (1L << 0) | (1L << 2)));
        assertEquals(1, m.violations().size());
        assertEquals(bad, m.violations().get(0).event());
        String msg = m.violations().get(0).message();
        assertTrue(msg.startsWith("the page daemon collects pmap-4"), msg);
        assertTrue(msg.contains("active on cpu0,cpu2 "), msg);
        assertTrue(msg.contains("(activated at event -1)"), msg);
    }

    @Test
    void collectOfAnInactivePmapIsSilent() {
        feed("pmap-4", new Pmap.Activated(4, "sh", 1));
        feed("pmap-4", new Pmap.Deactivated(4, "sh", 1));
        feed("pmap-4", collect(4, 0, 0, 0));
        feed("pmap-5", collect(5, -1, 1, 0));
        feed("pmap-4", new Pmap.Collected(7, 4, "sh", Pmap.CollectReason.EMERGENCY, 0, "pmap-9", 3, new long[0]));
        assertEquals(List.of(), m.violations());
    }

    @Test
    void cpuMaskFormatting() {
        assertEquals("", CollectActive.cpus(0));
        assertEquals("cpu1", CollectActive.cpus(2));
        assertEquals("cpu0,cpu3,cpu63", CollectActive.cpus(1L | 8L | (1L << 63)));
    }
}
