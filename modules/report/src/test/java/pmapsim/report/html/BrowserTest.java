package pmapsim.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed run's page in a real browser: headless Chromium (Debian's {@code chromium}, which .ci/run installs)
 * takes a screenshot, which must not be blank, and dumps the DOM after the page's script has measured every chart
 * and each of its parts as laid out: each must be there with a non-zero size. Without Chromium this test fails: CI
 * has it.
 */
class BrowserTest {
    private static final long TIMEOUT_SECONDS = 120;

    /** What each chart must show, by the names of its parts. */
    private static final Map<String, List<String>> PARTS = Map.of(
            "memory", List.of("axes", "bands", "thresholds", "legend"),
            "memory-free", List.of("axes", "free", "thresholds"),
            "cpus", List.of("lanes", "active", "marks", "legend"),
            "cpus-end", List.of("lanes", "active", "marks"),
            "backtrace", List.of("lifelines", "messages"));

    @Test
    void theChartsAreDrawnAndTheScreenshotIsNotBlank(@TempDir Path dir) throws Exception {
        Path chromium = chromium();
        HtmlReport page = SeedRun.get().page();
        Path html = dir.resolve("report.html");
        Files.writeString(html, page.html(), StandardCharsets.UTF_8);

        Path shot = dir.resolve("shot.png");
        run(chromium, dir, "--screenshot=" + shot, "--window-size=1400,2400", html.toUri().toString());
        assertTrue(Files.size(shot) > 0, "chromium wrote no screenshot");
        BufferedImage img = ImageIO.read(shot.toFile());
        assertNotNull(img, "the screenshot is a PNG");
        assertEquals(1400, img.getWidth());
        Pixels px = Pixels.of(img);
        assertTrue(px.varied(), "the screenshot is blank: " + px);

        String dom = run(chromium, dir, "--dump-dom", "--window-size=1400,2400", html.toUri().toString());
        Matcher m = Pattern.compile("(?s)<pre id=\"chart-sizes\"[^>]*>(.*?)</pre>").matcher(dom);
        assertTrue(m.find(), "the page's script wrote no sizes; the DOM was:\n" + head(dom));
        Map<String, int[]> sizes = new LinkedHashMap<>();
        for (String line : m.group(1).split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length >= 3) {
                String[] wh = f[2].split("x");
                sizes.put(f[0] + " " + f[1], new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])});
            }
        }
        List<String> ids = page.charts().stream().map(Canvas::id).toList();
        assertEquals(ids, sizes.keySet().stream().filter(k -> k.endsWith(" *")).map(k -> k.split(" ")[0]).toList(),
                "every chart, in page order");
        for (Canvas c : page.charts()) {
            int[] whole = sizes.get(c.id() + " *");
            assertTrue(whole[0] > 600 && whole[1] > 100, c.id() + " is laid out at " + whole[0] + "x" + whole[1]);
            double aspect = (double) whole[0] / whole[1];
            assertEquals((double) c.width() / c.height(), aspect, 0.05 * aspect, c.id() + " keeps its proportions");
            for (String part : PARTS.get(c.id())) {
                int[] s = sizes.get(c.id() + " " + part);
                assertNotNull(s, c.id() + " has no part " + part + ": " + sizes.keySet());
                assertTrue(s[0] > 0 && s[1] > 0, c.id() + " " + part + " is " + s[0] + "x" + s[1]);
            }
        }
        int[] bands = sizes.get("memory bands");
        assertTrue(bands[0] > 0.8 * sizes.get("memory *")[0], "the pools span the time axis: " + bands[0]);
    }

    /** Debian's chromium: /usr/bin/chromium, or chromium on the PATH. */
    static Path chromium() {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/chromium")));
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty()) {
                candidates.add(Path.of(d, "chromium"));
            }
        }
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return fail("chromium is not installed (.ci/run installs it: apt-get install -y chromium); "
                + "this test needs a real browser and does not skip");
    }

    /** Runs headless Chromium with a fresh profile and no network of its own; its stdout. */
    private static String run(Path chromium, Path dir, String... args) throws Exception {
        Path profile = Files.createTempDirectory(dir, "profile-");
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "chromium-", ".out");
        Path err = Files.createTempFile(dir, "chromium-", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + String.join(" ", cmd));
        }
        String stderr = Files.readString(err);
        assertEquals(0, p.exitValue(), "chromium failed: " + String.join(" ", cmd) + "\n" + head(stderr));
        return Files.readString(out);
    }

    private static String head(String s) {
        return s.length() > 3000 ? s.substring(0, 3000) + "..." : s;
    }
}
