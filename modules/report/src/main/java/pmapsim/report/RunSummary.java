package pmapsim.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.monitor.Conservation;
import pmapsim.actors.monitor.Monitor;
import pmapsim.actors.nfs.NfsServer;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.EventSink;
import pmapsim.actors.run.RunEnd;
import pmapsim.actors.run.Stamped;
import pmapsim.actors.sched.Scheduler;
import pmapsim.actors.uvm.PhysicalMemory;
import pmapsim.model.Pool;
import pmapsim.model.scenario.Scenario;

/**
 * The report's fold over a run's events: counters, who holds which table and pv pages, the emergency collections,
 * and the last events (for the causal backtrace). The same fold serves a live run and, later, a replay of its journal.
 */
public final class RunSummary implements EventSink {
    /** How many recent events are kept for the backtrace. */
    static final int RING = 1 << 16;

    private final Scenario scenario;
    private final List<Monitor> monitors;
    private final Conservation conservation;
    private final Stamped[] ring = new Stamped[RING];
    private final SortedMap<String, Long> counters = new TreeMap<>();
    private final List<RunReport.Collection> collected = new ArrayList<>();
    /** pmap name -> {L1, L2, L3 pages, pv entries}; sorted, so the report lists ties alike every time */
    private final Map<String, long[]> usage = new TreeMap<>();
    private final Map<Integer, String> commandByPid = new HashMap<>();
    private long pagesInFlight;
    private String panic;
    private long lastSeq = -1;

    public RunSummary(Scenario scenario) {
        this.scenario = scenario;
        this.monitors = Monitor.standard(scenario.machine().npages());
        this.conservation = (Conservation) monitors.stream().filter(m -> m instanceof Conservation).findFirst()
                .orElseThrow();
        for (String c : List.of("faults", "page_allocs", "emergencies", "pageouts", "nfs_retransmits",
                "context_switches", "collections", "swapouts", "pageins", "pagedaemon_deadlocks", "alloc_failures",
                "steals", "enter_failures", "killed")) {
            counters.put(c, 0L);
        }
    }

    @Override
    public void accept(Stamped e) {
        for (Monitor m : monitors) {
            m.accept(e);
        }
        ring[(int) (e.seq() % RING)] = e;
        lastSeq = e.seq();
        Object b = e.body();
        if (b instanceof Pmap.FaultTaken) {
            count("faults");
        } else if (b instanceof PhysicalMemory.PageAllocated a) {
            count("page_allocs");
            table(a.owner(), a.to(), +1);
        } else if (b instanceof PhysicalMemory.PageFreed f) {
            table(f.owner(), f.from(), -1);
        } else if (b instanceof PhysicalMemory.PvEntered p) {
            if (p.newPvPage()) {
                count("page_allocs");
            }
            usageOf(p.pmap())[3]++;
        } else if (b instanceof PhysicalMemory.PvRemoved p) {
            usageOf(p.pmap())[3]--;
        } else if (b instanceof PhysicalMemory.PvReassigned p) {
            usageOf(p.pmap())[3]--;
            usageOf(p.thief())[3]++;
        } else if (b instanceof PhysicalMemory.PtpageReassigned r) {
            table(r.fromOwner(), r.from(), -1);
            table(r.toOwner(), r.to(), +1);
        } else if (b instanceof PhysicalMemory.PageoutStarted p) {
            pagesInFlight += p.frames().length;
        } else if (b instanceof PhysicalMemory.PageoutFinished p) {
            pagesInFlight -= p.frames().length;
        } else if (b instanceof PhysicalMemory.PageinStarted) {
            count("pageins");
        } else if (b instanceof PhysicalMemory.AllocFailed) {
            count("alloc_failures");
        } else if (b instanceof Pmap.EmergencyBegan || b instanceof Pmap.StealBegan) {
            count("emergencies");
        } else if (b instanceof Pmap.PtpageStolen || b instanceof Pmap.MappingStolen) {
            count("steals");
        } else if (b instanceof Pmap.EnterFailed) {
            count("enter_failures");
        } else if (b instanceof Cpu.Killed) {
            count("killed");
        } else if (b instanceof Pmap.Collected c && c.reason() == Pmap.CollectReason.EMERGENCY) {
            count("collections");
            collected.add(new RunReport.Collection("pid " + c.pid() + " " + c.command(), c.byCpu(), e.seq(),
                    c.freed(), e.time()));
        } else if (b instanceof Pmap.Panicked p) {
            panic = p.message();
        } else if (b instanceof SwapPager.IoDone d && d.write()) {
            counters.merge("pageouts", (long) d.pages(), Long::sum);
        } else if (b instanceof NfsServer.Retransmission) { // a lost reply, or a full queue
            count("nfs_retransmits");
        } else if (b instanceof SwapPager.PagedaemonDeadlock) {
            count("pagedaemon_deadlocks");
        } else if (b instanceof Cpu.Switched) {
            count("context_switches");
        } else if (b instanceof Scheduler.SwappedOut) {
            count("swapouts");
        } else if (b instanceof Scheduler.ProcCreated c) {
            commandByPid.put(c.proc().pid(), c.proc().command());
        } else if (b instanceof Pmap.Execed x) {
            commandByPid.put(pidOf(e.actor()), x.image());
        }
    }

    private static int pidOf(String pmapName) {
        return pmapName.equals("pmap-kernel") ? 0 : Integer.parseInt(pmapName.substring("pmap-".length()));
    }

    private void count(String c) {
        counters.merge(c, 1L, Long::sum);
    }

    /** Table pages are owned by a pmap id (0 is the kernel's). */
    private void table(long owner, Pool p, int delta) {
        if (p == Pool.PT_L1 || p == Pool.PT_L2 || p == Pool.PT_L3) {
            usageOf(owner == 0 ? "pmap-kernel" : "pmap-" + owner)[p.ordinal() - Pool.PT_L1.ordinal()] += delta;
        }
    }

    private long[] usageOf(String pmap) {
        return usage.computeIfAbsent(pmap, k -> new long[4]);
    }

    public List<Monitor> monitors() {
        return monitors;
    }

    /** The report of the run as it stands at its end. */
    public RunReport report(String runId, RunEnd end, long events, long wallMs) {
        SortedMap<String, Long> memory = new TreeMap<>();
        memory.put("npages", scenario.machine().npages());
        for (Pool p : Pool.values()) {
            memory.put(p.key(), conservation.count(p));
        }
        List<RunReport.Violation> violations = new ArrayList<>();
        for (Monitor m : monitors) {
            for (var v : m.violations()) {
                violations.add(new RunReport.Violation(v.monitor(), v.event(), v.message()));
            }
        }
        violations.sort(Comparator.comparingLong(RunReport.Violation::event));
        RunReport.Outcome outcome = switch (end.kind()) {
            case PANIC -> RunReport.Outcome.PANIC;
            case STALLED -> RunReport.Outcome.STALLED;
            case INCOMPLETE -> RunReport.Outcome.INCOMPLETE;
            case COMPLETED -> violations.isEmpty() ? RunReport.Outcome.COMPLETED : RunReport.Outcome.VIOLATION;
        };
        return new RunReport(runId, scenario.name(), scenario.seed(), scenario.machine().policy(),
                scenario.machine().cpus(), outcome, panic, violations, memory, pagesInFlight, topPmaps(),
                List.copyOf(collected), Backtrace.of(ring, end, lastSeq), counters, events, end.simTime() / 1000,
                wallMs, end.reason());
    }

    private List<RunReport.PmapUsage> topPmaps() {
        List<RunReport.PmapUsage> list = new ArrayList<>();
        usage.forEach((name, u) -> {
            if (u[0] + u[1] + u[2] + u[3] > 0) {
                int pid = pidOf(name);
                list.add(new RunReport.PmapUsage(name, pid, pid == 0 ? "kernel" : commandByPid.getOrDefault(pid, "?"),
                        u[0], u[1], u[2], u[3]));
            }
        });
        list.sort(Comparator.comparingLong(RunReport.PmapUsage::tablePages).reversed()
                .thenComparing(Comparator.comparingLong(RunReport.PmapUsage::pvEntries).reversed())
                .thenComparing(RunReport.PmapUsage::pmap));
        return list.subList(0, Math.min(10, list.size()));
    }
}
