package pmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pmapsim report RUN}: a recorded run's page and charts written where asked, errors as the contract says. */
class ReportCommandTest {
    private static Path journalDir;
    private static String journal;
    private static String runId;

    @BeforeAll
    static void recordTheSeedRun() throws Exception {
        journalDir = Files.createTempDirectory("pmapsim-report-cli-");
        journal = "h2:" + journalDir.resolve("pmapsim");
        // the seed scenario on less memory: it panics the same way in half the events
        Cli r = Cli.exec("run", Cli.scenario(Cli.CLEANDIR), "--memory", "12 MiB", "--journal", journal, "--json");
        assertEquals(3, r.code(), r.err());
        runId = new ObjectMapper().readTree(r.out()).get("run_id").asText();
    }

    @Test
    void itWritesThePageAndThePngsAndPrintsTheirPaths(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("out/run.html");
        Path png = dir.resolve("charts");
        Cli r = Cli.exec("report", runId, "--journal", journal, "-o", html.toString(), "--png", png.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(html.toString(), lines.get(0));
        List<String> charts = lines.subList(1, lines.size()).stream()
                .map(l -> Path.of(l).getFileName().toString()).toList();
        for (String c : List.of("memory", "cpus", "memory-free", "backtrace")) {
            assertTrue(charts.contains(runId + "-" + c + ".png"), c + " missing: " + charts);
        }
        for (String l : lines.subList(1, lines.size())) {
            assertEquals(png, Path.of(l).getParent(), l);
        }
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"), page.substring(0, 100));
        assertTrue(page.contains("pmap_alloc_physpage: no pages available after 5 tries"));
        for (String l : lines.subList(1, lines.size())) {
            byte[] b = Files.readAllBytes(Path.of(l));
            assertTrue(b.length > 1000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', l);
        }
    }

    @Test
    void withoutOutputThePageIsNamedForTheRunInTheCurrentDirectory() {
        assertEquals(Path.of("pmapsim-report-abc123.html"), ReportCommand.defaultOutput("abc123"));
        assertFalse(ReportCommand.defaultOutput("abc123").isAbsolute());
    }

    @Test
    void anUnknownRunIsAJournalError(@TempDir Path dir) {
        Cli r = Cli.exec("report", "nosuchrun", "--journal", journal, "-o", dir.resolve("x.html").toString());
        assertEquals(7, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("pmapsim: no run nosuchrun in "), r.err());
        assertFalse(Files.exists(dir.resolve("x.html")));
    }

    @Test
    void aPlaceThatCannotBeWrittenIsBadInput(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "not a directory");
        Cli r = Cli.exec("report", runId, "--journal", journal, "-o", file.resolve("x.html").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("pmapsim: cannot write " + file.resolve("x.html")), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        Cli png = Cli.exec("report", runId, "--journal", journal, "-o", dir.resolve("x.html").toString(), "--png",
                file.toString());
        assertEquals(2, png.code(), png.err());
        assertTrue(png.err().startsWith("pmapsim: cannot write " + file), png.err());
        assertFalse(Files.exists(dir.resolve("x.html")), "nothing is written when a place is wrong");
    }

    @Test
    void helpNamesTheOptions() {
        Cli r = Cli.exec("report", "--help");
        assertEquals(0, r.code());
        for (String o : List.of("RUN", "--output", "-o", "--png", "--journal", "--journal-url")) {
            assertTrue(r.out().contains(o), o + " missing from report --help:\n" + r.out());
        }
        assertTrue(Cli.exec("--help").out().contains("report"));
    }
}
