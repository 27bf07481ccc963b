package pmapsim.cluster.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.run.RunEnd;
import pmapsim.actors.run.Stamped;
import pmapsim.model.scenario.ScenarioLoader;
import pmapsim.report.RunSummary;

/** A machine's {@code nfs_retransmits} counts both reasons to send a request again: a lost reply, a full queue. */
class RetransmitCounterTest {
    @Test
    void aFullSharedQueueCountsAsTheMachinesRetransmit() throws Exception {
        RunSummary summary = new RunSummary(ScenarioLoader.load(
                Path.of("../../config/scenarios/alpha-nfs-libc-cleandir.conf"), java.util.Map.of()));
        summary.accept(new Stamped(1, "swappager", "m1", -1, 10, new SwapPager.ReplyDropped(7, 1, "no mbuf", 700)));
        summary.accept(new Stamped(2, "nfsd", "m2", -1, 20, new NfsMount.Retransmitted(8, 2, 64, 720)));
        summary.accept(new Stamped(3, "nfsd", "m3", -1, 30, new NfsMount.Forwarded(8, true, 8192, 2, 720)));
        var report = summary.report("run", new RunEnd(RunEnd.Kind.COMPLETED, "done", 3, 30), 3, 1);
        assertEquals(2L, report.counters().get("nfs_retransmits"));
    }
}
