package pmapsim.report.html;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmapsim.model.Pool;
import pmapsim.report.Json;
import pmapsim.report.RunReport;

/** The HTML report of the seed run, read from its journal: the same numbers as the run, and the same bytes. */
class HtmlReportTest {
    private static SeedRun seed;
    private static HtmlReport report;
    private static String html;

    @BeforeAll
    static void render() throws Exception {
        seed = SeedRun.get();
        report = seed.page();
        html = report.html();
    }

    @Test
    void theNumbersAreTheRunsJson() throws Exception {
        JsonNode json = new ObjectMapper().readTree(Json.toJson(seed.live));

        Matcher outcome = Pattern.compile("<h1 id=\"headline\"[^>]* data-outcome=\"([a-z]+)\"").matcher(html);
        assertTrue(outcome.find(), "the headline carries the outcome");
        assertEquals(json.get("outcome").asText(), outcome.group(1));
        if (json.get("panic").isNull()) {
            assertFalse(html.contains("id=\"panic-message\""));
        } else {
            Matcher panic = Pattern.compile("<span id=\"panic-message\">([^<]*)</span>").matcher(html);
            assertTrue(panic.find(), "the panic string is on the page");
            assertEquals(json.get("panic").asText(), unescape(panic.group(1)));
        }

        Map<String, Long> counters = new LinkedHashMap<>();
        Matcher c = Pattern.compile("<tr data-counter=\"([^\"]+)\"><td>[^<]*</td><td class=\"num\">([^<]+)</td></tr>")
                .matcher(html);
        while (c.find()) {
            counters.put(c.group(1), number(c.group(2)));
        }
        Map<String, Long> expected = new LinkedHashMap<>();
        json.get("counters").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asLong()));
        assertEquals(expected, counters, "counters, in the JSON's order");
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(counters.keySet()));

        List<List<String>> rows = new ArrayList<>();
        Matcher row = Pattern.compile("<tr class=\"collection\" data-time-us=\"(\\d+)\"><td><code>[^<]*</code></td>"
                + "<td>cpu(-?\\d+)</td><td>([^<]*)</td><td class=\"num\">([^<]+)</td><td class=\"num\">#(\\d+)</td>")
                .matcher(html);
        while (row.find()) {
            rows.add(List.of(row.group(1), row.group(2), unescape(row.group(3)), String.valueOf(number(row.group(4))),
                    row.group(5)));
        }
        List<List<String>> want = new ArrayList<>();
        for (JsonNode n : json.get("collected")) {
            want.add(List.of(n.get("sim_time_us").asText(), n.get("by_cpu").asText(), n.get("victim").asText(),
                    n.get("pages_freed").asText(), n.get("event").asText()));
        }
        assertEquals(want, rows, "the emergency collections");

        Iterator<Map.Entry<String, JsonNode>> mem = json.get("memory").fields();
        while (mem.hasNext()) {
            Map.Entry<String, JsonNode> e = mem.next();
            Matcher m = Pattern.compile("<tr[^>]* data-pool=\"" + e.getKey() + "\"><td>(?:<span[^>]*></span>)?[^<]*"
                    + "</td><td class=\"num\">([^<]+)</td>").matcher(html);
            assertTrue(m.find(), "pool " + e.getKey() + " is in the memory table");
            assertEquals(e.getValue().asLong(), number(m.group(1)), e.getKey());
        }
        assertTrue(html.contains("<dd>" + String.format(java.util.Locale.ROOT, "%,d", seed.live.events()) + "</dd>"),
                "the number of events");
    }

    @Test
    void theSameRunGivesTheSameBytes() throws Exception {
        HtmlReport again = seed.read();
        assertEquals(html, again.html());
        for (int i = 0; i < report.charts().size(); i++) {
            assertArrayEquals(Png.of(report.charts().get(i)), Png.of(again.charts().get(i)),
                    report.charts().get(i).id());
        }
    }

    @Test
    void thePageFetchesNothing() {
        for (String s : List.of("http:", "https:", "//", "<link", "src=", "@import", "url(", "@font-face")) {
            String outsideScript = html.replaceAll("(?s)<script>.*?</script>", "");
            assertFalse(outsideScript.contains(s), "the page refers to something outside it: " + s);
        }
        String script = html.replaceAll("(?s).*<script>(.*?)</script>.*", "$1");
        for (String s : List.of("fetch", "XMLHttpRequest", "import", "http", "src")) {
            assertFalse(script.contains(s), "the script reaches out: " + s);
        }
        for (String id : List.of("memory", "memory-free", "cpus", "cpus-end", "backtrace")) {
            assertTrue(html.contains("<svg class=\"chart\" id=\"" + id + "\""), id);
        }
    }

    @Test
    void theDiagramHasAStepForEveryBacktraceLine() {
        RunTimeline.Chain chain = report.timeline().chain();
        List<String> bt = seed.live.backtrace();
        assertEquals(bt.size(), chain.steps().size() + (chain.truncated() ? 1 : 0));
        for (int i = 0; i < chain.steps().size(); i++) {
            String actor = chain.steps().get(i).get(0).actor();
            assertTrue(bt.get(i).matches("t=\\S+ " + Pattern.quote(actor) + " .*"), i + ": " + bt.get(i));
        }
        assertEquals(chain.steps().size(), count(html, "<text x=\"[^\"]+\" y=\"[^\"]+\" font-size=\"11\" "
                + "font-family=\"[^\"]+\" fill=\"[^\"]+\"><title>[^<]*</title>#\\d+ "), "a text row per step");
    }

    @Test
    void theMemoryOverTimeEndsWhereTheReportSaysTheMemoryWent() {
        List<RunTimeline.Sample> samples = report.timeline().samples();
        assertTrue(samples.size() > 50, "samples: " + samples.size());
        assertTrue(samples.size() <= RunTimeline.MAX_SAMPLES + 1);
        RunTimeline.Sample last = samples.get(samples.size() - 1);
        for (Pool p : Pool.values()) {
            assertEquals(seed.live.memory().get(p.key()), last.pages(p), p.key());
        }
        long npages = seed.live.memory().get("npages");
        long previous = -1;
        for (RunTimeline.Sample s : samples) {
            assertEquals(npages, java.util.Arrays.stream(s.pages()).sum(), "every sample sums to npages");
            assertTrue(s.time() >= previous, "samples in time order");
            previous = s.time();
        }
        // each actor keeps its own clock: the panic ends the run at the panicking pmap's time, and an event another
        // CPU wrote before it (in the run's order) may carry a later clock; the chart runs to the latest of them
        assertTrue(report.timeline().end() / 1000 >= seed.live.simTimeMs(), "the clock runs at least to the run's end");
        assertEquals(report.timeline().end(), last.time(), "the last sample is at the chart's end");
        assertFalse(report.timeline().active().isEmpty(), "cpu0 ran pmaps");
    }

    @Test
    void theChartsArePngsWithSomethingOnThem(@TempDir Path dir) throws Exception {
        List<Path> files = report.writePngs(dir);
        assertEquals(List.of("memory", "cpus", "memory-free", "cpus-end", "backtrace"),
                report.charts().stream().map(Canvas::id).toList(), "the seed run has emergencies: five charts");
        assertEquals(5, files.size());
        for (Path f : files) {
            assertTrue(f.getFileName().toString().startsWith(seed.live.runId() + "-"), f.toString());
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(f)));
            assertNotNull(img, f + " is a PNG");
            assertTrue(Pixels.of(img).varied(), f + " is not blank: " + Pixels.of(img));
        }
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static long number(String shown) {
        return Long.parseLong(shown.replace(",", "").strip());
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }
}
