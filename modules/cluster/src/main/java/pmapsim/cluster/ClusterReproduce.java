package pmapsim.cluster;

import java.util.ArrayList;
import java.util.List;
import pmapsim.cluster.nfs.RecordedServer;
import pmapsim.journal.JournalException;
import pmapsim.journal.JournalSettings;
import pmapsim.journal.RunRow;
import pmapsim.report.Runs;

/**
 * {@code reproduce} of a cluster run: each machine re-executed alone, in this JVM, held to the order in which its
 * actors took their messages, with the shared server's answers replayed from what its mount recorded; every
 * actor's records compared with the journal's.
 */
public final class ClusterReproduce {
    private ClusterReproduce() {
    }

    public record Machine(String machine, Runs.Reproduced result) {
    }

    public static List<Machine> reproduce(JournalSettings journal, String runId) throws JournalException {
        List<Machine> out = new ArrayList<>();
        for (RunRow row : ClusterReplay.machineRuns(journal, runId)) {
            String machine = row.runId().substring(runId.length() + 1);
            out.add(new Machine(machine, Runs.reproduce(journal, row.runId(),
                    recorded -> RecordedServer.mount(recorded, runId, machine))));
        }
        return out;
    }
}
