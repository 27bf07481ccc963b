package pmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --policy}: every registered policy is offered by run and describe, and describe tells what it is. */
class PolicyOptionTest {
    static final List<String> POLICIES = List.of("canfail", "checked-collect", "netbsd-1998", "netbsd-2000");

    @Test
    void runAndDescribeHelpListEveryPolicy() {
        for (String command : List.of("run", "describe")) {
            Cli help = Cli.exec(command, "--help");
            assertEquals(0, help.code());
            String flat = help.out().replaceAll("\\s+", " ");
            assertTrue(flat.contains("--policy=NAME"), flat);
            assertTrue(flat.contains(String.join(", ", POLICIES)), command + " --help:\n" + help.out());
        }
    }

    @Test
    void describeShowsTheChosenPolicyAndWhatItIs() throws Exception {
        Cli text = Cli.exec("describe", Cli.scenario(Cli.CLEANDIR), "--policy", "netbsd-2000");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("\\s*policy\\s+netbsd-2000\\s+pmap\\.c 1\\.124 .*")),
                text.out());
        Cli json = Cli.exec("describe", Cli.scenario(Cli.CLEANDIR), "--policy", "checked-collect", "--json");
        JsonNode d = DescribeCommandTest.JSON.readTree(json.out());
        assertEquals("checked-collect", d.get("policy").asText());
    }

    @Test
    void anUnknownPolicyIsBadInputNamingTheKnownOnes() {
        Cli r = Cli.exec("run", Cli.scenario(Cli.CLEANDIR), "--policy", "netbsd-2001");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no policy named \"netbsd-2001\" (there are: " + String.join(", ", POLICIES)
                + ")"), r.err());
    }
}
