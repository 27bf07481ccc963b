package pmapsim.report.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import pmapsim.report.RunReport.Violation;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.EventSink;
import pmapsim.actors.run.RunEnd;
import pmapsim.actors.run.Stamped;

/**
 * Watches a run's events and, at its end, names its {@link OutcomeClass} and tells what happened as a short story in
 * OS terms. It sees what the monitors see, plus what only the emergency path's events show: overlapping collections
 * of one pmap, a pmap chosen as its own victim, and whether a panicking CPU's attempts left memory on the table.
 */
public final class Classifier implements EventSink {
    /** victim pmap -> tags of its collections under way, with who asked */
    private final TreeMap<String, TreeMap<Long, String>> collecting = new TreeMap<>();
    private String doubleCollect;
    private String selfCollect;
    /** cpu -> pages freed by anyone since the CPU's emergency began, and victims it saw eligible */
    private final TreeMap<Integer, long[]> emergency = new TreeMap<>();
    private final TreeMap<Integer, TreeSet<String>> emergencyPmap = new TreeMap<>();
    private final List<String> lastVictims = new ArrayList<>();
    private String panicStory;
    private boolean panicSpurious;

    @Override
    public void accept(Stamped e) {
        Object b = e.body();
        if (b instanceof Pmap.CollectStarted c) {
            TreeMap<Long, String> open = collecting.computeIfAbsent(e.actor(), k -> new TreeMap<>());
            String who = c.byCpu() < 0 ? "the page daemon" : "cpu" + c.byCpu();
            if (!open.isEmpty() && doubleCollect == null) {
                doubleCollect = who + " starts collecting " + e.actor() + " (pid " + c.pid() + " " + c.command()
                        + ") while " + String.join(" and ", open.values()) + " still collects it: its pages are "
                        + "freed twice (event " + e.seq() + ")";
            }
            open.put(c.tag(), who);
            if (c.requester() != null && c.requester().equals(e.actor()) && selfCollect == null) {
                selfCollect = who + " chooses " + e.actor() + " (pid " + c.pid() + " " + c.command() + "), the pmap "
                        + "it is entering a mapping into, as its own victim and frees its tables under it (event "
                        + e.seq() + ")";
            }
        } else if (b instanceof Pmap.Collected c) {
            TreeMap<Long, String> open = collecting.get(e.actor());
            if (open != null) {
                open.remove(c.tag());
            }
            for (long[] freed : emergency.values()) {
                freed[0] += c.freed();
            }
        } else if (b instanceof Pmap.EmergencyBegan eb) {
            if (eb.attempt() <= 1 || !emergency.containsKey(eb.cpu())) {
                emergency.put(eb.cpu(), new long[2]);
                emergencyPmap.put(eb.cpu(), new TreeSet<>());
            }
            lastVictims.clear();
        } else if (b instanceof Pmap.VictimChecked v) {
            if (v.eligible()) {
                lastVictims.add(v.victim());
                for (long[] seen : emergency.values()) {
                    seen[1]++;
                }
            }
        } else if (b instanceof Pmap.Panicked p) {
            long[] during = emergency.getOrDefault(p.cpu(), new long[2]);
            panicSpurious = during[0] > 0 || during[1] > 0;
            panicStory = "cpu" + p.cpu() + " running " + e.actor() + " needs a page for " + p.usage() + " and panics"
                    + " after " + p.attempts() + " attempts (\"" + p.message() + "\")"
                    + (panicSpurious ? ": " + during[0] + " page(s) were freed by collections during its attempts and "
                    + "taken by others, " + during[1] + " eligible victim(s) were seen"
                    : ": no pmap was collectible and nothing was freed");
        }
    }

    /** A run's class and story. */
    public record Finding(OutcomeClass outcome, String story) {
    }

    public Finding classify(RunEnd end, List<Violation> violations) {
        Violation active = first(violations, "collect-active");
        if (active != null) {
            return new Finding(OutcomeClass.COLLECT_ACTIVE, active.message() + " (event " + active.event() + ")");
        }
        if (doubleCollect != null) {
            return new Finding(OutcomeClass.DOUBLE_COLLECT, doubleCollect);
        }
        Violation doubleFree = first(violations, "double-free");
        if (selfCollect != null) {
            return new Finding(OutcomeClass.SELF_COLLECT, selfCollect);
        }
        String reason = end.reason() == null ? "" : end.reason();
        if (end.kind() == RunEnd.Kind.STALLED && reason.contains("steal")) {
            return new Finding(OutcomeClass.STEAL_DEADLOCK, reason);
        }
        if (end.kind() == RunEnd.Kind.STALLED && (reason.contains("pagedaemon") || reason.contains("page daemon"))) {
            return new Finding(OutcomeClass.PAGEDAEMON_DEADLOCK, reason);
        }
        if (doubleFree != null) {
            return new Finding(OutcomeClass.VIOLATION_OTHER, "double-free: " + doubleFree.message());
        }
        if (!violations.isEmpty()) {
            Violation v = violations.get(0);
            return new Finding(OutcomeClass.VIOLATION_OTHER, v.monitor() + ": " + v.message() + " (event "
                    + v.event() + ")");
        }
        if (end.kind() == RunEnd.Kind.PANIC) {
            String story = panicStory != null ? panicStory : "panic: " + reason;
            return new Finding(panicSpurious ? OutcomeClass.PANIC_SPURIOUS : OutcomeClass.PANIC_OOM, story);
        }
        if (end.kind() == RunEnd.Kind.COMPLETED) {
            return new Finding(OutcomeClass.COMPLETED, "the workload finished");
        }
        return new Finding(OutcomeClass.STALLED, reason);
    }

    private static Violation first(List<Violation> vs, String monitor) {
        for (Violation v : vs) {
            if (v.monitor().equals(monitor)) {
                return v;
            }
        }
        return null;
    }
}
