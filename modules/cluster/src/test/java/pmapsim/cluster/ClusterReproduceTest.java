package pmapsim.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmapsim.actors.nfs.NfsServer;
import pmapsim.cluster.machine.MachineEntity;
import pmapsim.cluster.nfs.NfsMount;
import pmapsim.cluster.nfs.RecordedServer;
import pmapsim.journal.JournalDb;
import pmapsim.journal.JournalSettings;
import pmapsim.journal.RecordedRun;
import pmapsim.journal.RunRow;
import pmapsim.report.Runs;

/**
 * A cluster run recorded on an H2 journal by a node in this JVM: each machine's run is in the node's journal with its
 * end, and {@code reproduce} re-executes each machine alone, the shared server's answers replayed from its mount's
 * records.
 */
class ClusterReproduceTest {
    @TempDir
    static Path dir;
    static JournalSettings h2;
    static String runId;
    static List<MachineEntity.MachineDone> machines;

    @BeforeAll
    static void record() throws Exception {
        h2 = JournalSettings.h2(dir.resolve("journal"));
        try (JournalDb db = JournalDb.open(h2)) { // the schema, as `pmapsim node` makes it before the node starts
            assertEquals(List.of(), db.runs());
        }
        try (Node node = Node.start(new Node.Settings("127.0.0.1", Node.freePort("127.0.0.1"), List.of(), true, h2,
                null, Duration.ofSeconds(10)))) {
            ClusterRun.Result r = ClusterRun.run(node, ClusterRun.newRunId(),
                    ClusterScenario.load(ClusterProtocolTest.LAB2), Duration.ofMinutes(5), m -> { });
            runId = r.runId();
            machines = r.machines();
        }
    }

    /** The machine entity writes the run's start and, once the journal has every record, its end. */
    @Test
    void eachMachineIsRecordedInTheNodesJournalWithItsEnd() throws Exception {
        assertEquals(2, machines.size());
        try (JournalDb db = JournalDb.openToRead(h2)) {
            for (MachineEntity.MachineDone m : machines) {
                assertNull(m.error(), m.machine());
                RunRow row = db.require(m.runId());
                assertEquals(m.outcome(), row.outcome(), m.machine() + "'s end is recorded");
                assertTrue(row.events() > 0, m.machine() + "'s events are counted");
            }
        }
    }

    @Test
    void eachMachineReproducesIdentically() throws Exception {
        List<ClusterReproduce.Machine> reproduced = ClusterReproduce.reproduce(h2, runId);
        assertEquals(2, reproduced.size());
        for (ClusterReproduce.Machine m : reproduced) {
            assertNull(m.result().divergence(), m.machine());
            assertTrue(m.result().turns() > 0, m.machine());
        }
    }

    /**
     * A reproduction whose shared server has no answer for a request (here: every answer left out) cannot go on: it
     * stops at once and says where it left the record. (Before, the unanswered request stayed counted as in flight,
     * so the reproduction never saw that nothing moved, and waited for its 30-minute limit.)
     */
    @Test
    void aReproductionWithoutTheServersAnswersStopsAtOnceAndSaysWhere() {
        Runs.Reproduced r = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> Runs.reproduce(h2,
                runId + "-alpha-a", recorded -> RecordedServer.mount(withoutAnswers(recorded), runId, "alpha-a")));
        // the first record, in the journal's order, of an actor that stopped short: the mount itself, or an actor
        // that waited for it (which comes first depends on the recorded live run)
        assertTrue(r.divergence() != null && r.divergence().startsWith("first divergence at ")
                && r.divergence().endsWith("got nothing (the actor stopped short)"), r.divergence());
    }

    private static Map<String, List<RecordedRun.Row>> withoutAnswers(Map<String, List<RecordedRun.Row>> recorded) {
        Map<String, List<RecordedRun.Row>> out = new TreeMap<>(recorded);
        out.put("nfsd", recorded.get("nfsd").stream()
                .filter(row -> !(row.record().body() instanceof NfsServer.Served)
                        && !(row.record().body() instanceof NfsMount.Retransmitted)).toList());
        return out;
    }
}
