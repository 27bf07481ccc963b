package pmapsim.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmapsim.model.scenario.Problem;
import pmapsim.model.scenario.ScenarioException;
import pmapsim.model.scenario.ScenarioLoader;

class ClusterScenarioTest {
    static final Path SCENARIOS = Path.of("../../config/scenarios").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theLabHasFourMachinesAndOneServer() throws Exception {
        ClusterScenario lab = ClusterScenario.load(SCENARIOS.resolve("lab-4-alphas-one-nfs.conf"));
        assertEquals("lab-4-alphas-one-nfs", lab.name());
        assertEquals(List.of("alpha-a", "alpha-b", "alpha-c", "alpha-d"), lab.machines().stream()
                .map(ClusterScenario.MachineEntry::name).toList());
        assertEquals(new ClusterScenario.ServerSpec(2000, 1 << 20, 64), lab.server());
        var a = ScenarioLoader.fromText(lab.machines().get(0).scenarioText(), "a");
        var c = ScenarioLoader.fromText(lab.machines().get(2).scenarioText(), "c");
        assertEquals(12L << 20, a.machine().memoryBytes());
        assertEquals(2, c.machine().cpus());
        assertEquals(3, c.seed());
        assertTrue(ClusterScenario.isCluster(SCENARIOS.resolve("lab-4-alphas-one-nfs.conf")));
        assertFalse(ClusterScenario.isCluster(SCENARIOS.resolve("alpha-1998.conf")));
        assertNotEquals(lab.sha256(), ClusterScenario.load(SCENARIOS.resolve("lab-4-alphas-fast-nfs.conf")).sha256());
    }

    @Test
    void everyProblemIsListedWithItsLine() throws Exception {
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, String.join("\n",
                "cluster {",
                "  nfs-server { rpc-time = 2ms, bandwidth = \"1 MiB\", queue = 0, colour = red }",
                "  machines = [",
                "    { name = a, scenario = \"" + SCENARIOS.resolve("alpha-1998.conf") + "\" }",
                "    { name = a, scenario = \"" + SCENARIOS.resolve("alpha-1998.conf") + "\" }",
                "    { name = b, scenario = \"" + SCENARIOS.resolve("alpha-1998.conf") + "\", cpus = 0 }",
                "  ]",
                "}"));
        ScenarioException e = assertThrows(ScenarioException.class, () -> ClusterScenario.load(f));
        List<String> keys = e.problems().stream().map(Problem::key).toList();
        assertTrue(keys.contains("cluster.nfs-server.colour"), keys.toString());
        assertTrue(keys.contains("cluster.nfs-server.queue"), keys.toString());
        assertTrue(keys.contains("cluster.machines[1].name"), keys.toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.message().endsWith("(machine b)")), e.problems().toString());
        assertEquals(2, e.problems().stream().filter(p -> p.key().equals("cluster.nfs-server.queue")).findFirst()
                .orElseThrow().line());
    }
}
