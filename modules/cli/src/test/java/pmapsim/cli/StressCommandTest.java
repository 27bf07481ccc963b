package pmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code pmapsim stress} as a user types it: the table, its JSON, --fail-on, and bad input. */
class StressCommandTest {

    @Test
    void theJsonTableIsKeyedByPolicyAndClassWithAReplayCommandPerClass() throws Exception {
        Cli r = Cli.exec("stress", Cli.scenario(Cli.CLEANDIR), "--cpus", "2", "--runs", "3", "--strategy", "random",
                "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode classes = new ObjectMapper().readTree(r.out()).get("policies").get("netbsd-1998").get("classes");
        long total = 0;
        for (var it = classes.fields(); it.hasNext(); ) {
            var e = it.next();
            total += e.getValue().get("runs").asLong();
            String replay = e.getValue().get("replay").asText();
            assertTrue(replay.contains("--mode controlled") && replay.contains("--seed "
                    + e.getValue().get("first_seed").asLong()), replay);
        }
        assertEquals(3, total, r.out());
    }

    /** Two JVM processes, each a range of the seeds: the same table as one process, class by class. */
    @Test
    void parallelProcessesGiveTheSameTableAsOne() throws Exception {
        String[] common = {"stress", Cli.scenario(Cli.CLEANDIR), "--cpus", "2", "--runs", "4", "--strategy", "pct",
                "--json"};
        Cli one = Cli.exec(common);
        String[] two = java.util.Arrays.copyOf(common, common.length + 2);
        two[common.length] = "--parallel";
        two[common.length + 1] = "2";
        Cli split = Cli.exec(two);
        assertEquals(0, one.code(), one.err());
        assertEquals(0, split.code(), split.err());
        // the same classes, counts, first seeds and stories; each campaign records its runs under ids of its own
        ObjectMapper m = new ObjectMapper();
        JsonNode a = m.readTree(one.out()).get("policies").get("netbsd-1998").get("classes");
        JsonNode b = m.readTree(split.out()).get("policies").get("netbsd-1998").get("classes");
        for (JsonNode classes : new JsonNode[]{a, b}) {
            classes.forEach(c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c).remove("run_id"));
        }
        assertEquals(a, b);
    }

    @Test
    void theReportIsOnePageWithAChartPerPolicyAndAReplayCommandPerClass(@org.junit.jupiter.api.io.TempDir
                                                                          java.nio.file.Path dir) throws Exception {
        java.nio.file.Path page = dir.resolve("stress.html");
        Cli r = Cli.exec("stress", Cli.scenario(Cli.CLEANDIR), "--runs", "2", "--policy", "all", "--journal", "none",
                "--report", page.toString());
        assertEquals(0, r.code(), r.err());
        String html = java.nio.file.Files.readString(page);
        for (String p : pmapsim.model.policy.Policies.names()) {
            assertTrue(html.contains("<h2>" + p + ": 2 runs</h2>"), p);
        }
        assertEquals(pmapsim.model.policy.Policies.names().size(), html.split("<svg class=\"classes\"").length - 1);
        assertTrue(html.contains("--mode controlled"), "a replay command per class");
        assertTrue(!html.contains("http://") || html.replace("http://www.w3.org/2000/svg", "").indexOf("http") < 0,
                "no network");
    }

    @Test
    void failOnAClassFoundExitsFour() {
        // on one CPU the seed scenario panics: panic-oom or panic-spurious
        Cli r = Cli.exec("stress", Cli.scenario(Cli.CLEANDIR), "--runs", "1", "--fail-on",
                "panic-oom,panic-spurious");
        assertEquals(4, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("./pmapsim run "), r.out());
    }

    @Test
    void anUnknownStrategyOrClassIsBadInput() {
        Cli a = Cli.exec("stress", Cli.scenario(Cli.CLEANDIR), "--runs", "1", "--strategy", "bogus");
        assertEquals(2, a.code(), a.err());
        assertTrue(a.err().contains("unknown strategy"), a.err());
        Cli b = Cli.exec("stress", Cli.scenario(Cli.CLEANDIR), "--runs", "1", "--fail-on", "nonsense");
        assertEquals(2, b.code(), b.err());
        assertTrue(b.err().contains("unknown outcome class"), b.err());
    }

    @Test
    void aControlledRunChecksItsOwnDeterminism() {
        Cli r = Cli.exec("run", Cli.scenario(Cli.CLEANDIR), "--cpus", "2", "--mode", "controlled", "--seed", "3",
                "--check-determinism", "--journal", "none", "--json");
        assertTrue(r.code() >= 3 && r.code() <= 5, "a panic, a violation or a stall: " + r.code() + " " + r.err());
        assertTrue(r.err().contains("deterministic: two runs gave the same"), r.err());
    }
}
