package pmapsim.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmapsim.cluster.machine.MachineEntity;

/**
 * A lab run machine after machine in one JVM ({@code cluster run --sequential}): the same lab and strategy give the
 * same reports, and the machines share one server.
 */
class SequentialLabTest {
    @TempDir
    Path dir;

    private ClusterScenario lab() throws Exception {
        Path cleandir = Path.of("../../config/scenarios/alpha-nfs-libc-cleandir.conf").toAbsolutePath().normalize();
        Path f = dir.resolve("lab.conf");
        Files.writeString(f, "cluster {\n name = lab-seq\n nfs-server { rpc-time = 2ms, bandwidth = \"1 MiB\", "
                + "queue = 4 }\n machines = [\n"
                + "  { name = alpha-a, scenario = \"" + cleandir + "\", memory = \"12 MiB\", "
                + "set { limits.max-events = 20000 } }\n"
                + "  { name = alpha-b, scenario = \"" + cleandir + "\", seed = 2, "
                + "set { limits.max-events = 20000 } }\n ]\n}\n");
        return ClusterScenario.load(f);
    }

    private static String reports(ClusterRun.Result r) {
        StringBuilder b = new StringBuilder();
        for (MachineEntity.MachineDone d : r.machines()) {
            // the run id and the wall time differ from run to run; everything the model did must not
            b.append(d.text().replace(d.runId(), "RUN").replaceAll("[0-9.]+s wall \\([^)]*\\)", "WALL"));
        }
        return b.append(r.server().text()).toString();
    }

    @Test
    void theSameLabGivesTheSameReportsAndTheMachinesShareTheServer() throws Exception {
        ClusterScenario lab = lab();
        List<String> seen = new ArrayList<>();
        ClusterRun.Result first = SequentialLab.run("seq1", lab, "pct", d -> seen.add(d.machine()));
        ClusterRun.Result second = SequentialLab.run("seq2", lab, "pct", d -> { });
        assertEquals(List.of("alpha-a", "alpha-b"), seen, "machine after machine, in the scenario's order");
        assertEquals(reports(first), reports(second));
        assertEquals(List.of("alpha-a", "alpha-b"), first.server().clients().stream()
                .map(c -> c.machine()).toList());
        assertTrue(first.server().dropped() > 0, "a queue of 4 drops some of two machines' requests: "
                + first.server().text());
        assertTrue(first.server().maxQueueDepth() <= 4, first.server().text());
    }
}
