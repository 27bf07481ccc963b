package pmapsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pmapsim.actors.run.Faults;
import pmapsim.actors.run.Stamped;
import pmapsim.journal.Databases;
import pmapsim.journal.JournalSettings;

/**
 * A model actor killed mid-run (an injected crash after one of its turns is written) is restarted by its supervisor,
 * recovers its state by folding its events back from the journal, and the run goes on to the same outcome: the 1998
 * panic, with every monitor (page conservation among them) silent — a recovery that lost a page would trip it.
 */
class RestartTest {

    @ParameterizedTest(name = "{0} killed after turn {1} on {2}")
    @CsvSource({
            "physmem, 400, h2",
            "pagedaemon, 3, h2",
            "cpu-0, 300, h2",
            "pmap-1, 20, h2",
            "scheduler, 40, h2",
            "nfsd, 20, h2",
            "swappager, 10, h2",
            "physmem, 400, postgresql"})
    void anActorKilledMidRunRecoversFromTheJournalAndTheRunEndsTheSame(String actor, long turn, String db)
            throws Exception {
        JournalSettings js = Databases.of(db);
        Faults faults = new Faults().crash(actor, turn);
        List<Stamped> afterCrash = new java.util.concurrent.CopyOnWriteArrayList<>();
        RunReport r = CompletableFuture.supplyAsync(() -> {
            try {
                return Runs.run(Runs.newRunId(), JournalRunsTest.load("alpha-nfs-libc-cleandir.conf", Map.of()), js,
                        List.of(e -> {
                            if (faults.crashes() > 0 && e.actor().equals(actor)) {
                                afterCrash.add(e);
                            }
                        }), faults);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(120, TimeUnit.SECONDS);

        assertEquals(1, faults.crashes(), actor + " was killed once");
        assertEquals(RunReport.Outcome.PANIC, r.outcome(), r.endReason());
        assertEquals("pmap_alloc_physpage: no pages available after 5 tries", r.panic());
        assertEquals(List.of(), r.violations(), "no monitor fired");
        assertTrue(!afterCrash.isEmpty(), actor + " went on working after its restart");
        // and what it wrote replays to the same report
        assertEquals(JournalRunsTest.withoutWallTime(r), JournalRunsTest.withoutWallTime(Runs.replay(js, r.runId())));
    }
}
