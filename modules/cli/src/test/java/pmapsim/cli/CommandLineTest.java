package pmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmapsim.model.scenario.Scenario;
import pmapsim.report.RunReport;
import pmapsim.report.RunReport.Outcome;
import pmapsim.report.RunReport.Violation;

/** Options, exit codes and error output of the command line (the contract of issue 2). */
class CommandLineTest {

    @Test
    void helpAndVersionExitZero() {
        Cli help = Cli.exec("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("run") && help.out().contains("describe"), help.out());
        Cli runHelp = Cli.exec("run", "--help");
        assertEquals(0, runHelp.code());
        for (String o : List.of("--seed", "--cpus", "--memory", "--policy", "--json")) {
            assertTrue(runHelp.out().contains(o), o + " missing from run --help:\n" + runHelp.out());
        }
        Cli version = Cli.exec("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("pmapsim "), version.out());
    }

    @Test
    void noCommandIsBadInput() {
        Cli r = Cli.exec();
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("Usage: pmapsim"), r.err());
    }

    @Test
    void anUnknownOptionIsBadInputWithAShortUsage() {
        Cli r = Cli.exec("run", "whatever.conf", "--bogus");
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("pmapsim: Unknown option: '--bogus'"), r.err());
        assertTrue(r.err().contains("Usage: pmapsim run"), r.err());
        assertNoStackTrace(r.err());
    }

    @Test
    void aBadNumberIsBadInput() {
        Cli cpus = Cli.exec("describe", Cli.scenario(Cli.CLEANDIR), "--cpus", "two");
        assertEquals(2, cpus.code());
        assertTrue(cpus.err().contains("--cpus"), cpus.err());
        Cli seed = Cli.exec("run", Cli.scenario(Cli.CLEANDIR), "--seed", "0x");
        assertEquals(2, seed.code());
        assertTrue(seed.err().contains("--seed"), seed.err());
        assertNoStackTrace(seed.err());
    }

    @Test
    void anUnquotedSizeGetsAHint() {
        Cli r = Cli.exec("run", Cli.scenario(Cli.CLEANDIR), "--memory", "24", "MiB");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("quote it, as in --memory \"24 MiB\""), r.err());
    }

    @Test
    void aMissingScenarioArgumentIsBadInput() {
        Cli r = Cli.exec("describe");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("SCENARIO"), r.err());
    }

    @Test
    void aMissingFileIsBadInputWithAClearLine(@TempDir Path dir) {
        String missing = dir.resolve("no-such.conf").toString();
        for (String cmd : List.of("run", "describe")) {
            Cli r = Cli.exec(cmd, missing);
            assertEquals(2, r.code(), cmd);
            assertEquals("", r.out());
            assertEquals("pmapsim: no such scenario file: " + missing + "\n", r.err().replace("\r", ""));
        }
        Cli d = Cli.exec("run", dir.toString());
        assertEquals(2, d.code());
        assertTrue(d.err().startsWith("pmapsim: not a scenario file: "), d.err());
    }

    @Test
    void aBrokenScenarioListsItsProblemsAndExitsTwo(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "machine {\n  cpus = \"many\"\n  memory = \"lots\"\n  frobnicate = 3\n}\n");
        Cli r = Cli.exec("run", bad.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.get(0).matches("pmapsim: scenario has \\d+ problem\\(s\\):"), r.err());
        assertTrue(lines.size() > 1, r.err());
        assertTrue(lines.stream().skip(1).allMatch(l -> l.contains(bad.getFileName().toString())),
                "every problem names the file:\n" + r.err());
        assertNoStackTrace(r.err());
    }

    @Test
    void runPassesItsOptionsAsOverrides() {
        AtomicReference<Scenario> seen = new AtomicReference<>();
        Cli r = Cli.exec(s -> {
            seen.set(s);
            return Reports.panic();
        }, "run", Cli.scenario(Cli.CLEANDIR), "--seed", "42", "--cpus", "2", "--memory", "32 MiB", "--policy",
                "netbsd-1998");
        assertEquals(3, r.code(), r.err());
        Scenario s = seen.get();
        assertEquals(42, s.seed());
        assertEquals(2, s.machine().cpus());
        assertEquals(32L << 20, s.machine().memoryBytes());
        assertEquals("netbsd-1998", s.machine().policy());
    }

    @Test
    void runPrintsTheTextReportAndExitsWithTheOutcome() {
        Cli r = Cli.exec(s -> Reports.panic(), "run", Cli.scenario(Cli.CLEANDIR));
        assertEquals(3, r.code(), r.err());
        assertTrue(r.out().startsWith("panic: " + Reports.PANIC + "\n"), r.out());
        assertTrue(r.out().contains("Causal backtrace (newest first)"), r.out());
        assertTrue(r.out().contains("Emergency collections (pmap_collect)"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void everyOutcomeHasItsExitCode() {
        assertExit(0, Reports.report(Outcome.COMPLETED, null, List.of(), "all work done"));
        assertExit(3, Reports.panic());
        assertExit(4, Reports.report(Outcome.VIOLATION, null,
                List.of(new Violation("collect-active", 9, "pmap-12 collected while active on cpu1")), "done"));
        assertExit(5, Reports.report(Outcome.STALLED, null, List.of(), "no progress for 10m"));
    }

    @Test
    void runJsonPrintsExactlyOneObject() throws Exception {
        Cli r = Cli.exec(s -> Reports.panic(), "run", Cli.scenario(Cli.CLEANDIR), "--json");
        assertEquals(3, r.code(), r.err());
        JsonNode j = DescribeCommandTest.JSON.readTree(r.out());
        assertTrue(j.isObject());
        assertEquals("panic", j.get("outcome").asText());
        assertEquals(Reports.PANIC, j.get("panic").asText());
    }

    @Test
    void anUnexpectedExceptionIsOneLineAndExitOne() {
        Cli r = Cli.exec(s -> {
            throw new IllegalStateException("the machine caught fire\nsecond line");
        }, "run", Cli.scenario(Cli.CLEANDIR));
        assertEquals(1, r.code());
        assertEquals("", r.out());
        if (!Main.debug()) {
            List<String> lines = r.err().lines().toList();
            assertEquals(1, lines.size(), r.err());
            assertTrue(lines.get(0).startsWith("pmapsim: internal error: IllegalStateException: the machine caught fire"),
                    r.err());
        }
    }

    private static void assertExit(int code, RunReport report) {
        for (String json : List.of("--json", "--cpus=1")) {
            Cli r = Cli.exec(s -> report, "run", Cli.scenario(Cli.CLEANDIR), json);
            assertEquals(code, r.code(), report.outcome() + " " + json + ": " + r.err());
        }
    }

    private static void assertNoStackTrace(String err) {
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "stack trace on stderr:\n" + err);
    }
}
