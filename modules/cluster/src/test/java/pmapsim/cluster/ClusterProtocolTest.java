package pmapsim.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pmapsim.cluster.machine.MachineEntity;
import pmapsim.journal.JournalSettings;

/** Several cluster nodes (actor systems) in one JVM on 127.0.0.1: sharded machines, the singleton NFS server. */
class ClusterProtocolTest {
    static final Path LAB2 = Path.of("../../config/scenarios/lab-2-alphas-one-nfs.conf");
    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }

    Node node(boolean hosts, String sha, Node seed) throws ClusterException {
        int port = Node.freePort("127.0.0.1");
        Node n = Node.start(new Node.Settings("127.0.0.1", port, seed == null ? List.of()
                : List.of(seed.address()), hosts, JournalSettings.none(), sha, Duration.ofSeconds(10)));
        nodes.add(n);
        return n;
    }

    @Test
    void machinesRunSpreadOverNodesAndShareOneServer() throws Exception {
        ClusterScenario lab = ClusterScenario.load(LAB2);
        Node a = node(true, null, null);
        node(true, null, a);
        Node driver = node(false, null, a);
        driver.awaitHosts(2, Duration.ofSeconds(30));
        List<MachineEntity.MachineDone> seen = new ArrayList<>();
        ClusterRun.Result r = ClusterRun.run(driver, ClusterRun.newRunId(), lab, Duration.ofMinutes(5), seen::add);
        assertEquals(2, r.machines().size());
        assertEquals(2, seen.size());
        Set<String> where = new TreeSet<>();
        for (MachineEntity.MachineDone m : r.machines()) {
            assertNotNull(m.text(), m.machine() + ": " + m.error());
            assertNotNull(m.outcome());
            assertTrue(m.runId().endsWith("-" + m.machine()));
            where.add(m.node());
        }
        assertEquals(2, where.size(), "each machine on its own node: " + where);
        assertTrue(r.server().served() > 0, "the shared server served requests");
        assertEquals(Set.of("alpha-a", "alpha-b"), new TreeSet<>(r.server().clients().stream()
                .map(c -> c.machine()).toList()));
        assertTrue(r.server().text().contains("queue depth"));
    }

    @Test
    void aNodeStartedWithAnotherScenarioRefuses() throws Exception {
        ClusterScenario lab = ClusterScenario.load(LAB2);
        Node a = node(true, "0".repeat(64), null);
        Node driver = node(false, null, a);
        driver.awaitHosts(1, Duration.ofSeconds(30));
        ClusterException e = assertThrows(ClusterException.class, () -> ClusterRun.run(driver,
                ClusterRun.newRunId(), lab, Duration.ofMinutes(5), m -> { }));
        assertTrue(e.getMessage().startsWith("nodes disagree on the scenario"), e.getMessage());
    }

    @Test
    void aSeedThatDoesNotAnswerIsOneClearError() {
        int nobody = Node.freePort("127.0.0.1");
        ClusterException e = assertThrows(ClusterException.class, () -> Node.start(new Node.Settings("127.0.0.1",
                Node.freePort("127.0.0.1"), List.of("127.0.0.1:" + nobody), false, JournalSettings.none(), null,
                Duration.ofSeconds(3))));
        assertEquals("cannot join the cluster: no seed node answered at 127.0.0.1:" + nobody + " within 3 s",
                e.getMessage());
    }

    @Test
    void aTakenPortIsOneClearError() throws Exception {
        Node a = node(true, null, null);
        int port = Integer.parseInt(a.address().substring(a.address().lastIndexOf(':') + 1));
        ClusterException e = assertThrows(ClusterException.class, () -> Node.start(new Node.Settings("127.0.0.1",
                port, List.of(a.address()), false, JournalSettings.none(), null, Duration.ofSeconds(3))));
        assertEquals("port " + port + " on 127.0.0.1 is taken: choose another with --port", e.getMessage());
    }
}
