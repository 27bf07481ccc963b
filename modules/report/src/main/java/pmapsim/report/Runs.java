package pmapsim.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import pmapsim.actors.machine.Simulation;
import pmapsim.actors.run.EventSink;
import pmapsim.actors.run.Faults;
import pmapsim.actors.run.Journaled;
import pmapsim.actors.run.Journaling;
import pmapsim.actors.run.PmapsimConfig;
import pmapsim.actors.run.Reproduction;
import pmapsim.actors.run.RunEnd;
import pmapsim.actors.run.WriteBehindJournal;
import pmapsim.journal.JournalDb;
import pmapsim.journal.JournalException;
import pmapsim.journal.JournalSettings;
import pmapsim.journal.RecordedRun;
import pmapsim.journal.RunRow;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.scenario.ScenarioException;
import pmapsim.model.scenario.ScenarioLoader;

/**
 * Runs a scenario on the actors and turns what happened into a {@link RunReport}; replays and reproduces runs
 * recorded in a journal.
 */
public final class Runs {
    private Runs() {
    }

    /** A run that keeps nothing (its events live in memory while it runs). */
    public static RunReport run(Scenario scenario) {
        return run(newRunId(), scenario);
    }

    public static RunReport run(String runId, Scenario scenario) {
        return run(runId, scenario, List.of());
    }

    /** @param extraSinks see every event too, after the report's fold (a benchmark's timer, a trace) */
    public static RunReport run(String runId, Scenario scenario, List<? extends EventSink> extraSinks) {
        RunSummary summary = new RunSummary(scenario);
        List<EventSink> sinks = new ArrayList<>(List.of(summary));
        sinks.addAll(extraSinks);
        Simulation.Result r = Simulation.run(runId, scenario, sinks);
        return summary.report(runId, r.end(), r.events(), r.wallMs());
    }

    /**
     * A run recorded in a journal: the catalogue gets the run (with its scenario's text) before the first event, and
     * its end once every event is written. With {@code JournalSettings.none()} it is a plain run.
     */
    public static RunReport run(String runId, ScenarioLoader.Loaded loaded, JournalSettings journal,
                                List<? extends EventSink> extraSinks, Faults faults) throws JournalException {
        Scenario scenario = loaded.scenario();
        RunSummary summary = new RunSummary(scenario);
        List<EventSink> sinks = new ArrayList<>(List.of(summary));
        sinks.addAll(extraSinks);
        Journaling journaling = Journaling.to(journal.pluginId()).withFaults(faults);
        Config config = journal.actorConfig(PmapsimConfig.load());
        if (!journal.durable()) {
            Simulation.Result r = Simulation.run(runId, scenario, sinks, journaling, config, null);
            return summary.report(runId, r.end(), r.events(), r.wallMs());
        }
        try (JournalDb db = JournalDb.open(journal)) {
            db.started(new RunRow(runId, scenario.name(), scenario.source(), loaded.text(), scenario.seed(),
                    scenario.machine().policy(), scenario.machine().cpus(), System.currentTimeMillis(), null, null,
                    null, 0, 0, 0, 0));
            Simulation.Result r;
            long[] written = {-1};
            try {
                r = Simulation.run(runId, scenario, sinks, journaling, config, (system, records) -> {
                    WriteBehindJournal.Stats stats = WriteBehindJournal.stats(system.classicSystem());
                    try {
                        stats.await(records, DRAIN_TIMEOUT);
                    } finally {
                        written[0] = stats.written();
                    }
                });
            } catch (IllegalStateException e) {
                throw journalFailed(runId, journal, written[0], pmapsim.actors.run.RunLog.why(e));
            }
            if (r.journalFailure() != null) {
                throw journalFailed(runId, journal, written[0], r.journalFailure());
            }
            RunReport report = summary.report(runId, r.end(), r.events(), r.wallMs());
            db.ended(runId, report.outcome().key(), r.end().kind().name(), r.end().reason(), r.end().event(),
                    r.end().simTime(), r.events(), r.wallMs());
            return report;
        }
    }

    /** How long a run's end waits for the journal to write what it was handed (a dead database fails sooner). */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

    /** A run stopped by its journal: one line, what was kept, and how to see it. */
    private static JournalException journalFailed(String runId, JournalSettings journal, long written, String why) {
        String cause = why == null ? "" : why.lines().findFirst().orElse("").strip();
        return new JournalException("run " + runId + " stopped: the journal " + journal.describe() + " failed"
                + (cause.isEmpty() ? "" : " (" + cause + ")")
                + (written < 0 ? "" : "; the " + String.format("%,d", written) + " records it had written are kept")
                + " (pmapsim replay " + runId + " shows them, once the database is back)");
    }

    /** Records of a controlled run sent to the durable journal at once (it holds about two such batches). */
    static final int IMPORT_BATCH = 10_000;

    /**
     * A controlled run (one actor turn at a time, chosen by {@code strategy} seeded with the scenario's seed). With a
     * durable journal its records are written there as the run goes, a batch at a time, so that {@code replay} and
     * {@code reproduce} work on it like on a live run; the run never holds more than about two batches of them.
     */
    public static RunReport runControlled(String runId, ScenarioLoader.Loaded loaded, JournalSettings journal,
                                          String strategy, List<? extends EventSink> extraSinks)
            throws JournalException {
        Scenario scenario = loaded.scenario();
        RunSummary summary = new RunSummary(scenario);
        List<EventSink> sinks = new ArrayList<>(List.of(summary));
        sinks.addAll(extraSinks);
        if (!journal.durable()) {
            Simulation.Controlled c = Simulation.runControlled(runId, scenario, sinks,
                    pmapsim.actors.control.Strategy.of(strategy, scenario.seed()), Journaling.inMemory());
            return summary.report(runId, c.result().end(), c.result().events(), c.result().wallMs());
        }
        try (JournalDb db = JournalDb.open(journal)) {
            db.started(new RunRow(runId, scenario.name(), scenario.source(), loaded.text(), scenario.seed(),
                    scenario.machine().policy(), scenario.machine().cpus(), System.currentTimeMillis(), null, null,
                    null, 0, 0, 0, 0));
            // the records go to the durable journal as the run hands them over, a batch at a time (the journal's
            // threads never run under the driver: they only take what the tap gives them)
            org.apache.pekko.actor.typed.ActorSystem<Void> writer = org.apache.pekko.actor.typed.ActorSystem.create(
                    org.apache.pekko.actor.typed.javadsl.Behaviors.empty(), "pmapsim-import",
                    journal.actorConfig(PmapsimConfig.load()));
            try {
                JournalImport.Stream stream = new JournalImport.Stream(writer, journal.pluginId(), IMPORT_BATCH,
                        Duration.ofSeconds(120));
                Simulation.Controlled c = Simulation.runControlled(runId, scenario, sinks,
                        pmapsim.actors.control.Strategy.of(strategy, scenario.seed()),
                        Journaling.inMemory().withTap(stream));
                Simulation.Result r = c.result();
                try {
                    stream.close();
                } catch (Exception e) {
                    throw new JournalException("run " + runId + ": writing it to the journal " + journal.describe()
                            + " failed: " + e.getMessage());
                }
                RunReport report = summary.report(runId, r.end(), r.events(), r.wallMs());
                db.ended(runId, report.outcome().key(), r.end().kind().name(), r.end().reason(), r.end().event(),
                        r.end().simTime(), r.events(), r.wallMs());
                return report;
            } finally {
                writer.terminate();
            }
        }
    }

    /**
     * The report of a recorded run rebuilt from its journal alone: its events in the run's order go through the
     * same fold and the same monitors as when it ran. No model actor runs.
     */
    public static RunReport replay(JournalSettings journal, String runId) throws JournalException {
        return replayed(journal, runId).report();
    }

    /** A replayed report and the scenario the run had (its page size labels the text report). */
    public record Replayed(RunReport report, Scenario scenario) {
    }

    public static Replayed replayed(JournalSettings journal, String runId) throws JournalException {
        return replayed(journal, runId, reading -> List.of());
    }

    /** What a reader of a recorded run knows before its first event: the run's catalogue row and its scenario. */
    public record Reading(RunRow row, Scenario scenario) {
        /** How many events the run recorded, or -1 when it did not end (a killed run). */
        public long eventsIfKnown() {
            return row.outcome() == null ? -1 : row.events();
        }
    }

    /**
     * A replay whose events are seen by more sinks (an HTML report's timeline, a progress bar), after the report's
     * fold, in the run's order.
     *
     * @param extraSinks given the run's row and scenario before the first event is read, the sinks to add
     */
    public static Replayed replayed(JournalSettings journal, String runId,
                                    Function<Reading, List<? extends EventSink>> extraSinks) throws JournalException {
        long start = System.nanoTime();
        try (JournalDb db = JournalDb.openToRead(journal)) {
            RunRow row = db.require(runId);
            Scenario scenario = scenario(row);
            RunSummary summary = new RunSummary(scenario);
            List<EventSink> sinks = new ArrayList<>(List.of(summary));
            sinks.addAll(extraSinks.apply(new Reading(row, scenario)));
            long[] last = {-1, 0};
            EventSink[] all = sinks.toArray(new EventSink[0]);
            // no actor system: the records are decoded with Pekko's jackson-cbor mapper directly (RecordDecoder)
            java.util.function.Consumer<pmapsim.actors.run.Stamped> fold = e -> {
                for (EventSink s : all) {
                    s.accept(e);
                }
                last[0] = e.seq();
                last[1] = Math.max(last[1], e.time());
            };
            boolean stopped = row.outcome() == null;
            long leftOut = 0;
            if (stopped) {
                // a run stopped before its end (killed) replays its consistent prefix: events after one that is
                // missing would show the monitors a history with a hole
                leftOut = RecordedRun.consistentPrefix(db, runId, fold).leftOut();
            } else {
                RecordedRun.timeline(db, runId, fold);
            }
            long events = last[0] + 1;
            RunEnd end;
            if (stopped) {
                end = new RunEnd(RunEnd.Kind.INCOMPLETE, "the run was stopped before its end; the journal holds "
                        + events + " events" + (leftOut == 0 ? "" : " in order, and " + leftOut
                        + " written after one that is missing, left out (their history has a hole)"),
                        last[0], last[1]);
            } else {
                end = new RunEnd(RunEnd.Kind.valueOf(row.endKind()), row.endReason(), row.endEvent(),
                        row.endSimTime());
                events = row.events();
            }
            return new Replayed(summary.report(runId, end, events, (System.nanoTime() - start) / 1_000_000),
                    scenario);
        }
    }

    /** What {@code reproduce} found. {@code divergence} is null when every actor did exactly what it did before. */
    public record Reproduced(String runId, long events, long turns, String divergence, long wallMs) {
    }

    /**
     * Runs the recorded run's actors again, each held to the order in which it took its messages, and compares
     * every actor's new records with the recorded ones (message, simulated time, event).
     */
    public static Reproduced reproduce(JournalSettings journal, String runId) throws JournalException {
        return reproduce(journal, runId, recorded -> pmapsim.actors.nfs.NfsServer::create);
    }

    /**
     * @param nfs given the run's records by actor, what makes the machine's {@code nfsd} (a cluster machine's answers
     *            from the shared server are replayed from its records)
     */
    public static Reproduced reproduce(JournalSettings journal, String runId,
                                       Function<Map<String, List<RecordedRun.Row>>, Function<pmapsim.actors.run.RunContext,
                                               org.apache.pekko.actor.typed.Behavior<pmapsim.actors.nfs.NfsServer.Command>>> nfs)
            throws JournalException {
        long start = System.nanoTime();
        RunRow row;
        Scenario scenario;
        Map<String, List<RecordedRun.Row>> recorded;
        try (JournalDb db = JournalDb.openToRead(journal)) {
            row = db.require(runId);
            scenario = scenario(row);
            recorded = RecordedRun.byActor(db, runId);
        }
        Reproduction reproduction = new Reproduction(RecordedRun.deliveries(recorded),
                RecordedRun.tickTimes(recorded));
        Map<String, List<Journaled>> got = new ConcurrentHashMap<>();
        Journaling journaling = Journaling.inMemory().reproducing(reproduction)
                .withTap(j -> got.computeIfAbsent(j.actor(), a -> Collections.synchronizedList(new ArrayList<>()))
                        .add(j));
        Simulation.Result r = Simulation.run(runId, scenario, List.of(), journaling, PmapsimConfig.load(), null,
                nfs.apply(recorded));
        long events = 0; // the run's events: a turn under way when a live run ended may have written more (stamp -1)
        for (List<RecordedRun.Row> rows : recorded.values()) {
            events += rows.stream().filter(x -> !x.record().marker() && x.record().stamp() >= 0).count();
        }
        String divergence = compare(recorded, got, events);
        if (divergence == null && r.stuck() != null) {
            divergence = r.stuck();
        }
        return new Reproduced(runId, events, reproduction.turns(), divergence,
                (System.nanoTime() - start) / 1_000_000);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The first record, in the journal's order, where an actor did something else; null if none. {@code events} is
     * the recorded run's: an actor may go on past the run's end in the reproduction (the machine stops a moment
     * later, as in the live run, whose turns after the end are not its events), so what it does after every recorded
     * record, past the run's end, is no divergence: its events stamped {@code events} or later, and its turns that
     * changed nothing.
     */
    static String compare(Map<String, List<RecordedRun.Row>> recorded, Map<String, List<Journaled>> got,
                          long events) {
        String first = null;
        long firstOrdering = Long.MAX_VALUE;
        for (Map.Entry<String, List<RecordedRun.Row>> e : recorded.entrySet()) {
            List<RecordedRun.Row> exp = e.getValue();
            List<Journaled> act = got.getOrDefault(e.getKey(), List.of());
            for (int i = 0; i < exp.size(); i++) {
                Journaled x = exp.get(i).record();
                Journaled y = i < act.size() ? act.get(i) : null;
                if (y == null || !same(x, y)) {
                    if (exp.get(i).ordering() < firstOrdering) {
                        firstOrdering = exp.get(i).ordering();
                        first = "first divergence at " + (x.stamp() >= 0 ? "event " + x.stamp() : "a turn")
                                + ", actor " + e.getKey() + ", its record " + (i + 1) + " (taking " + x.msg() + "): "
                                + "expected " + show(x) + ", got " + (y == null ? "nothing (the actor stopped short)"
                                : show(y));
                    }
                    break;
                }
            }
            if (act.size() > exp.size() && first == null) {
                for (Journaled more : act.subList(exp.size(), act.size())) {
                    // an event inside the run, which the recorded run had not (stamp -1: an event after its end)
                    if (!more.marker() && more.stamp() >= 0 && more.stamp() < events) {
                        first = "actor " + e.getKey() + " did more than recorded: " + show(more);
                        break;
                    }
                }
            }
        }
        return first;
    }

    private static boolean same(Journaled x, Journaled y) {
        return x.msg().equals(y.msg()) && x.sentAt() == y.sentAt() && x.time() == y.time()
                && body(x).equals(body(y));
    }

    private static String show(Journaled j) {
        return body(j) + " at " + j.time() + " us";
    }

    private static String body(Journaled j) {
        try {
            return JSON.writeValueAsString(j.body());
        } catch (JsonProcessingException e) {
            return String.valueOf(j.body());
        }
    }

    private static Scenario scenario(RunRow row) throws JournalException {
        try {
            return ScenarioLoader.fromText(row.scenarioText(), row.source());
        } catch (ScenarioException e) {
            throw new JournalException("the scenario recorded with run " + row.runId() + " cannot be read: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** A short unique id for a run (not part of the model: it may come from anywhere). */
    public static String newRunId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
