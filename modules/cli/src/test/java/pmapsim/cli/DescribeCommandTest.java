package pmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code pmapsim describe} of the seed scenario. The expected numbers are worked by hand from vm-model.md §4:
 * 16 MiB - 2 MiB firmware - 3 MiB kernel = 11 MiB = 1408 pages of 8 KiB; freemin = min(32, max(2, 1408/20 = 70)) = 32;
 * freetarg = max(32*4/3 = 42, 33) = 42; inactarg at boot = freetarg + 1 = 43; wiredmax = 1408/3 = 469; reserves 5, 1.
 */
class DescribeCommandTest {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static JsonNode describeJson(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("describe", Cli.scenario(Cli.CLEANDIR), "--json"));
        args.addAll(List.of(extra));
        Cli r = Cli.exec(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void theSeedScenarioMakesA16MiBAlpha() throws Exception {
        JsonNode d = describeJson();
        assertEquals(1408, d.get("npages").asLong());
        assertEquals(8192, d.get("page_size").asLong());
        assertEquals(32, d.get("freemin").asLong());
        assertEquals(42, d.get("freetarg").asLong());
        assertEquals(43, d.get("inactarg").asLong());
        assertEquals(469, d.get("wiredmax").asLong());
        assertEquals(5, d.get("reserve_kernel").asLong());
        assertEquals(1, d.get("reserve_pagedaemon").asLong());
        assertEquals(1, d.get("cpus").asInt());
        assertEquals("netbsd-1998", d.get("policy").asText());
        assertEquals(16L << 20, d.get("memory_bytes").asLong());
        assertEquals("alpha-nfs-libc-cleandir", d.get("scenario").asText());
    }

    @Test
    void jsonHasEveryContractKeyAndTheWorkload() throws Exception {
        JsonNode d = describeJson();
        for (String k : List.of("npages", "page_size", "freemin", "freetarg", "inactarg", "wiredmax", "reserve_kernel",
                "reserve_pagedaemon", "cpus", "policy", "memory_bytes", "scenario", "workload")) {
            assertTrue(d.has(k), "describe --json lacks " + k + ": " + d);
        }
        JsonNode w = d.get("workload");
        // init syslogd portmap inetd cron update nfsiod x4 csh, and make: 12 processes, 11 of them daemons
        assertEquals(12, w.get("processes").asInt());
        assertEquals(11, w.get("daemons").asInt());
        // 8 programs of alpha-1998.conf + make-cleandir, rm-objects, rm-depend; 11 images; make forks 6 times
        assertEquals(11, w.get("programs").asInt());
        assertEquals(11, w.get("images").asInt());
        assertEquals(6, w.get("fork_ops").asInt());
    }

    @Test
    void memoryAndCpusOverrideTheScenario() throws Exception {
        // 32 MiB - 5 MiB = 27 MiB = 3456 pages; 3456/20 = 172 -> freemin 32, freetarg 42; wiredmax 1152
        JsonNode d = describeJson("--memory", "32 MiB", "--cpus", "2");
        assertEquals(3456, d.get("npages").asLong());
        assertEquals(32L << 20, d.get("memory_bytes").asLong());
        assertEquals(2, d.get("cpus").asInt());
        assertEquals(32, d.get("freemin").asLong());
        assertEquals(42, d.get("freetarg").asLong());
        assertEquals(1152, d.get("wiredmax").asLong());
    }

    @Test
    void aSmallMachineHasASmallerFreemin() throws Exception {
        // 9 MiB - 5 MiB = 4 MiB = 512 pages; freemin = 512/20 = 25; freetarg = max(25*4/3 = 33, 26) = 33;
        // inactarg at boot 34; wiredmax = 512/3 = 170
        JsonNode d = describeJson("--memory", "9 MiB");
        assertEquals(512, d.get("npages").asLong());
        assertEquals(25, d.get("freemin").asLong());
        assertEquals(33, d.get("freetarg").asLong());
        assertEquals(34, d.get("inactarg").asLong());
        assertEquals(170, d.get("wiredmax").asLong());
    }

    @Test
    void textIsAlignedKeyValueLinesWithSizes() {
        Cli r = Cli.exec("describe", Cli.scenario(Cli.CLEANDIR));
        assertEquals(0, r.code(), r.err());
        assertLine(r.out(), "npages\\s+1408 pages\\s+11 MiB.*");
        assertLine(r.out(), "page_size\\s+8192 bytes\\s+8 KiB");
        assertLine(r.out(), "freemin\\s+32 pages\\s+256 KiB");
        assertLine(r.out(), "freetarg\\s+42 pages\\s+336 KiB");
        assertLine(r.out(), "inactarg\\s+43 pages\\s+344 KiB.*");
        assertLine(r.out(), "wiredmax\\s+469 pages\\s+3\\.66 MiB");
        assertLine(r.out(), "reserve_kernel\\s+5 pages\\s+40 KiB");
        assertLine(r.out(), "reserve_pagedaemon\\s+1 page\\s+8 KiB");
        assertLine(r.out(), "cpus\\s+1");
        assertLine(r.out(), "policy\\s+netbsd-1998");
        assertLine(r.out(), "memory\\s+16777216 bytes\\s+16 MiB");
    }

    private static void assertLine(String text, String regex) {
        Pattern p = Pattern.compile("\\s*" + regex + "(\\s.*)?");
        assertTrue(text.lines().anyMatch(l -> p.matcher(l).matches()), "no line matches /" + regex + "/ in:\n" + text);
    }
}
