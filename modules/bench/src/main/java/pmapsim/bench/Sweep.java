package pmapsim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.scenario.ScenarioException;
import pmapsim.model.scenario.ScenarioLoader;

/**
 * The growth sweep (issue 8): {@code make cleandir} of {@code alpha-roomy.conf} ×1, ×2, ×4, ×8 (that many makes,
 * 64 MiB of memory each, so every make does the same work) on 1, 2, 8, 32 and 64 CPUs, live, the median of a few
 * runs each: wall time, events, peak heap, and the exponent b of wall ≈ a · events^b fitted by least squares on the
 * logarithms — over every run, and per CPU count (the same machine given more work). b ≤ 1.1 is the goal: cost grows
 * with the work, not faster.
 */
final class Sweep {
    static final String BASE = "config/scenarios/alpha-roomy.conf";
    /** Untimed runs of the largest workload on 2 CPUs before the first point. */
    static final int WARMUPS = 3;

    private Sweep() {
    }

    /**
     * One point of the sweep: the median over its rounds of the wall time (from the first event to the end: the actor
     * system's start left out), with the events and messages of the median round; the heaps' maxima over the rounds.
     */
    record Point(int workload, int cpus, long events, long messages, double wallMs, long peakHeapBytes,
                 long peakLiveBytes, String outcome) {
    }

    record Results(List<Point> points, int rounds, double exponent, Map<Integer, Double> exponentByCpus) {
    }

    static Results run(Path repo, boolean quick, int rounds, Consumer<String> progress)
            throws IOException, ScenarioException {
        int[] workloads = quick ? new int[] {1, 2, 4} : new int[] {1, 2, 4, 8};
        int[] cpus = quick ? new int[] {1, 2, 8} : new int[] {1, 2, 8, 32, 64};
        Path dir = Files.createTempDirectory("pmapsim-sweep-");
        List<Point> points = new ArrayList<>();
        try {
            // warm-up runs of the largest workload: the JIT compiles, and the heap grows to what the largest point
            // needs and its pages are touched, so that neither is paid for inside a timed point (issue 8, 2026-11-27)
            Scenario warm = scenario(repo, dir, workloads[workloads.length - 1], 2);
            for (int i = 0; i < WARMUPS; i++) {
                Bench.live(warm);
            }
            for (int c : cpus) {
                for (int w : workloads) {
                    Scenario s = scenario(repo, dir, w, c);
                    Bench.LiveRound[] runs = new Bench.LiveRound[rounds];
                    long peak = 0;
                    long live = 0;
                    for (int i = 0; i < rounds; i++) {
                        Heap.reset();
                        runs[i] = Bench.live(s);
                        peak = Math.max(peak, Heap.peakBytes());
                        live = Math.max(live, Heap.peakLiveBytes());
                    }
                    java.util.Arrays.sort(runs, java.util.Comparator.comparingDouble(Bench.LiveRound::afterStartMs));
                    Bench.LiveRound r = runs[rounds / 2];
                    Point p = new Point(w, c, r.events(), r.messages(), r.afterStartMs(), peak, live, r.outcome());
                    points.add(p);
                    progress.accept(String.format(Locale.ROOT, "sweep x%d on %d CPUs: %s, %,d events in %.0f ms"
                            + " (median of %d), peak heap %s, after GC %s", w, c, p.outcome(), p.events(),
                            p.wallMs(), rounds, Heap.mib(p.peakHeapBytes()), Heap.mib(p.peakLiveBytes())));
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
        Map<Integer, Double> byCpus = new TreeMap<>();
        for (int c : cpus) {
            byCpus.put(c, exponent(points.stream().filter(p -> p.cpus() == c).toList()));
        }
        return new Results(points, rounds, exponent(points), byCpus);
    }

    /** The scenario: alpha-roomy with {@code workload} makes and 64 MiB each, on {@code cpus} CPUs. */
    static Scenario scenario(Path repo, Path dir, int workload, int cpus) throws IOException, ScenarioException {
        Path f = dir.resolve("roomy-x" + workload + "-cpus" + cpus + ".conf");
        String text = "include \"" + repo.resolve(BASE).toAbsolutePath().toString().replace("\\", "/") + "\"\n"
                + "name = \"roomy-x" + workload + "\"\n"
                + "machine.cpus = " + cpus + "\n"
                + "machine.memory = \"" + (64 * workload) + " MiB\"\n"
                + (workload > 1 ? "workload.processes += { command = make, program = make-cleandir, start-at = 60s,"
                + " count = " + (workload - 1) + " }\n" : "");
        Files.writeString(f, text);
        return ScenarioLoader.load(f, Map.of());
    }

    /** b in wall = a * events^b, least squares on the logarithms; NaN with fewer than two distinct sizes. */
    static double exponent(List<Point> points) {
        int n = points.size();
        if (n < 2) {
            return Double.NaN;
        }
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Point p : points) {
            double x = Math.log(Math.max(p.events(), 1));
            double y = Math.log(Math.max(p.wallMs(), 1e-3));
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double d = n * sxx - sx * sx;
        return d == 0 ? Double.NaN : (n * sxy - sx * sy) / d;
    }

    static String table(Results r) {
        StringBuilder out = new StringBuilder();
        out.append("Growth sweep: alpha-roomy's make cleandir xN (N makes, 64 MiB each), live, in memory; wall ms the"
                + " median of " + r.rounds() + (r.rounds() == 1 ? " run (a single run)" : " runs"))
                .append(System.lineSeparator());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"workload", "CPUs", "outcome", "events", "messages", "wall ms", "events/s",
            "peak heap", "peak after GC"});
        for (Point p : r.points()) {
            rows.add(new String[] {"x" + p.workload(), String.valueOf(p.cpus()), p.outcome(), Bench.count(p.events()),
                Bench.count(p.messages()), Bench.fixed(p.wallMs(), 0),
                SeedBench.rate(p.events() / (p.wallMs() / 1e3)), Heap.mib(p.peakHeapBytes()),
                p.peakLiveBytes() == 0 ? "no GC" : Heap.mib(p.peakLiveBytes())});
        }
        out.append(Text.table(rows));
        out.append(String.format(Locale.ROOT, "fitted exponent of wall time vs events (goal <= 1.1): all runs %.2f;"
                + " per CPU count (more work, same machine) %s%n",
                r.exponent(), show(r.exponentByCpus(), "", " CPUs")));
        out.append("wall ms: first event to end (the actor system's start left out); peak heap: sum of the heap pools'"
                + " peaks, garbage included; peak after GC: the most the heap held right after a collection (what the"
                + " run kept).").append(System.lineSeparator());
        return out.toString();
    }

    private static String show(Map<Integer, Double> m, String prefix, String suffix) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(prefix).append(k).append(suffix)
                .append(": ").append(String.format(Locale.ROOT, "%.2f", v)));
        return b.toString();
    }
}
