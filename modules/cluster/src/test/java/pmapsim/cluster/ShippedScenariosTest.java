package pmapsim.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import pmapsim.model.scenario.ScenarioLoader;

/** Every scenario the repository ships loads: a machine's, or a cluster's with every machine it names. */
class ShippedScenariosTest {
    @Test
    void everyShippedScenarioLoads() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("../../config/scenarios"))) {
            files = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        assertTrue(files.size() > 10, files.toString());
        int clusters = 0;
        for (Path f : files) {
            if (f.getFileName().toString().equals("alpha-1998.conf")) {
                continue; // the machine and daemons the others include: no work of its own to complete
            }
            if (ClusterScenario.isCluster(f)) {
                assertFalse(ClusterScenario.load(f).machines().isEmpty(), f.toString());
                clusters++;
            } else {
                ScenarioLoader.load(f, Map.of()); // throws, naming its problems, if it does not
            }
        }
        assertTrue(clusters >= 5, "the labs are among them: " + clusters);
    }
}
