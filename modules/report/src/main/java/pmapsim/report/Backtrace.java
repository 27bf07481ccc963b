package pmapsim.report;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.RunEnd;
import pmapsim.actors.run.Stamped;
import pmapsim.actors.sched.Scheduler;
import pmapsim.actors.uvm.PhysicalMemory;

/**
 * The causal backtrace of a run's end: from the event that ended it, each event's cause (the event whose message led
 * to it, across actors), newest first — the stack trace 1998 did not have. Runs of the same kind of event by the same
 * actor (a collection freeing forty pv entries) are folded into one line.
 */
final class Backtrace {
    static final int MAX_LINES = 60;

    private Backtrace() {
    }

    static List<String> of(Stamped[] ring, RunEnd end, long lastSeq) {
        List<String> lines = new ArrayList<>();
        List<Stamped> group = new ArrayList<>();
        long seq = end.event() >= 0 ? end.event() : lastSeq;
        while (seq >= 0 && lines.size() < MAX_LINES) {
            Stamped e = ring[(int) (seq % ring.length)];
            if (e == null || e.seq() != seq) {
                flush(group, lines);
                lines.add("... (earlier causes are older than the last " + ring.length + " events)");
                return lines;
            }
            if (!group.isEmpty() && !sameKind(group.get(0), e)) {
                flush(group, lines);
            }
            group.add(e);
            seq = e.cause();
        }
        flush(group, lines);
        return lines;
    }

    private static boolean sameKind(Stamped a, Stamped b) {
        return a.actor().equals(b.actor()) && a.body().getClass() == b.body().getClass();
    }

    /** One line for a run of the same kind of event by one actor, newest first; a walk of the pmaps as a summary. */
    private static void flush(List<Stamped> group, List<String> lines) {
        if (group.isEmpty()) {
            return;
        }
        Stamped newest = group.get(0);
        if (group.size() == 1) {
            lines.add(describe(newest));
        } else if (newest.body() instanceof Pmap.VictimChecked) {
            long eligible = group.stream().filter(e -> ((Pmap.VictimChecked) e.body()).eligible()).count();
            String first = ((Pmap.VictimChecked) group.get(group.size() - 1).body()).victim();
            lines.add(String.format(Locale.ROOT, "t=%.3fms %-11s %s  [events %d..%d]", newest.time() / 1000.0,
                    newest.actor(), "walked " + group.size() + " pmaps from " + first + ": " + (eligible == 0
                            ? "none inactive with a private L1" : eligible + " collectible"),
                    group.get(group.size() - 1).seq(), newest.seq()));
        } else {
            lines.add(describe(newest) + "  (x" + group.size() + ")");
        }
        group.clear();
    }

    static String describe(Stamped e) {
        return String.format(Locale.ROOT, "t=%.3fms %-11s %s  [event %d, on %s]", e.time() / 1000.0, e.actor(),
                what(e.body()), e.seq(), e.msg());
    }

    private static String cpu(int cpu) {
        return cpu < 0 ? "pagedaemon" : "cpu" + cpu;
    }

    static String what(ModelEvent b) {
        if (b instanceof Pmap.Panicked p) {
            return "panic: " + p.message() + " (" + p.usage().what() + " for " + cpu(p.cpu()) + ")";
        } else if (b instanceof Pmap.EmergencyBegan em) {
            return "pmap_alloc_physpage: " + em.usage().what() + " refused (" + em.reason() + "), attempt "
                    + em.attempt() + " for pid " + em.pid() + " " + em.command() + " on " + cpu(em.cpu())
                    + "; walking " + em.walk().size() + " pmaps newest first";
        } else if (b instanceof Pmap.StealBegan sb) {
            return (sb.usage() == pmapsim.model.Usage.PV ? "pmap_pv_alloc: no pv entry (" : "pmap_physpage_alloc: "
                    + sb.usage().what() + " refused (") + sb.reason() + ") for pid " + sb.pid() + " " + sb.command()
                    + " on " + cpu(sb.cpu()) + "; stealing from " + sb.walk().size() + " pmap(s)"
                    + (sb.usage() == pmapsim.model.Usage.PV ? " in pv-table order" : " in LRU order");
        } else if (b instanceof Pmap.StealAsked a) {
            return (a.usage() == pmapsim.model.Usage.PV ? "simple_lock_try(" : "simple_lock(") + a.victim()
                    + "->pm_slock) to steal " + (a.usage() == pmapsim.model.Usage.PV ? "a mapping" : "an L3 page");
        } else if (b instanceof Pmap.LockContended c) {
            return c.thief() + " on " + cpu(c.thiefCpu()) + " spins on this pmap's pm_slock (held by its pmap_enter)";
        } else if (b instanceof Pmap.StealRefused r) {
            return "nothing for " + r.thief() + ": " + r.reason();
        } else if (b instanceof Pmap.PtpageStolen p) {
            return "pmap_ptpage_steal: L3 page " + p.frame() + " of pid " + p.pid() + " " + p.command() + " taken by "
                    + p.thief() + " on " + cpu(p.thiefCpu()) + " as its " + p.usage().what() + ", " + p.vas().length
                    + " mapping(s) removed" + (p.cpus() != 0 ? " (it is active: it will fault again)" : "");
        } else if (b instanceof Pmap.MappingStolen m) {
            return String.format(Locale.ROOT, "pmap_pv_alloc: mapping of va 0x%x (frame %d) of pid %d %s taken by %s",
                    m.va(), m.frame(), m.pid(), m.command(), m.thief());
        } else if (b instanceof Pmap.StealDeadlocked d) {
            return "steal-deadlock: " + String.join(" -> ", d.cycle()) + " -> " + d.cycle().get(0)
                    + ": each spins on a pm_slock the next holds";
        } else if (b instanceof Pmap.EnterFailed f) {
            return "pmap_enter: ENOMEM (" + f.usage().what() + ": " + f.reason() + ") for pid " + f.pid() + " "
                    + f.command() + (f.swapFull() ? "; swap is full: ENOMEM to the process" : "; uvm_wait(\"flt_pmfail1\")");
        } else if (b instanceof Cpu.Killed k) {
            return k.message();
        } else if (b instanceof PhysicalMemory.PtpageReassigned r) {
            return "frame " + r.frame() + ": " + r.from().key() + " of " + r.fromPmap() + " -> " + r.to().key() + " of "
                    + r.toPmap();
        } else if (b instanceof PhysicalMemory.PvReassigned r) {
            return "pv entry of " + r.pmap() + " on frame " + r.frame() + " reused by " + r.thief() + " for frame "
                    + r.thiefFrame();
        } else if (b instanceof Pmap.WalkEnded w) {
            return "attempt " + w.attempt() + (w.collected() ? ": collected a victim, retrying"
                    : ": no inactive pmap with a private L1, retrying at once");
        } else if (b instanceof Pmap.VictimChecked v) {
            return "is " + v.victim() + " collectible? " + (v.eligible() ? "yes" : "no")
                    + " (private L1: " + v.privateL1() + ", pm_cpus=" + v.cpus() + ")";
        } else if (b instanceof Pmap.CollectAsked c) {
            return "pmap_collect(" + c.victim() + ") asked by " + cpu(c.byCpu());
        } else if (b instanceof Pmap.CollectStarted c) {
            return "pmap_collect of pid " + c.pid() + " " + c.command() + " (" + c.reason().name().toLowerCase(
                    Locale.ROOT) + " by " + cpu(c.byCpu()) + "): " + c.frames().length + " table page(s), "
                    + c.pvVas().length + " pv entries" + (c.cpusAtCollect() != 0 ? " WHILE ACTIVE" : "");
        } else if (b instanceof Pmap.Collected c) {
            return "collected pid " + c.pid() + " " + c.command() + ": " + c.freed() + " page(s) freed";
        } else if (b instanceof Pmap.FaultTaken f) {
            return String.format(Locale.ROOT, "uvm_fault: pid %d %s on %s, va 0x%x %s", f.pid(), f.command(),
                    cpu(f.cpu()), f.va(), f.write() ? "write" : "read");
        } else if (b instanceof Pmap.PtPageAsked a) {
            return "pmap_alloc_physpage(" + a.usage().what() + "), attempt " + a.attempt();
        } else if (b instanceof Pmap.PtPageInstalled p) {
            return "installed " + p.usage().what() + " (frame " + p.frame() + ")";
        } else if (b instanceof Pmap.MappingEntered m) {
            return String.format(Locale.ROOT, "pmap_enter va 0x%x -> frame %d", m.va(), m.frame());
        } else if (b instanceof PhysicalMemory.AllocFailed f) {
            return "uvm_pagealloc refused " + f.purpose() + " for " + f.who() + ": " + f.reason();
        } else if (b instanceof PhysicalMemory.PageAllocated a) {
            return "frame " + a.frame() + " -> " + a.to().key() + " (" + a.purpose() + "), free=" + a.free();
        } else if (b instanceof PhysicalMemory.PageFreed f) {
            return "frame " + f.frame() + " " + f.from().key() + " -> free (" + f.by() + "), free=" + f.free();
        } else if (b instanceof PhysicalMemory.PvRemoved p) {
            return "pv entry of " + p.pmap() + " on frame " + p.frame() + " freed"
                    + (p.pvPageFreed() ? ", pv page " + p.pvPage() + " freed" : "");
        } else if (b instanceof Cpu.Switched s) {
            return "cpu_switch on cpu" + s.cpu() + " to pid " + s.pid() + " " + s.command() + " (" + s.pmap() + ")";
        } else if (b instanceof Cpu.OpBegan o) {
            return "pid " + o.pid() + " op " + o.pc() + ": " + o.op();
        } else if (b instanceof Scheduler.Dispatched d) {
            return "dispatch pid " + d.pid() + " " + d.command() + " to cpu" + d.cpu();
        } else if (b instanceof SwapPager.PagedaemonDeadlock d) {
            return d.message() + " (" + d.reason() + ")";
        } else if (b instanceof SwapPager.ReplyDropped d) {
            return "NFS reply to xid " + d.xid() + " dropped: no mbuf (" + d.reason() + "); retransmit";
        } else if (b instanceof SwapPager.IoQueued q) {
            return (q.write() ? "uvm_pager_put: pageout of " + q.frames().length + " page(s)"
                    : "pagein of one page") + " (I/O " + q.tag() + ")";
        } else if (b instanceof SwapPager.MapAsked m) {
            return "uvm_pagermapin for I/O " + m.tag() + " (kernel pmap_enter into pager_map)";
        } else if (b instanceof Pmap.WorkBegan w) {
            return w.pager() ? "pmap_enter of " + w.frames().length + " page(s) into pager_map"
                    : "touch " + w.vas().length + " page(s) (" + (w.write() ? "write" : "read") + ") on cpu" + w.cpu();
        } else if (b instanceof Pmap.PageResolved r) {
            return String.format(Locale.ROOT, "page for va 0x%x is frame %d", r.va(), r.frame());
        } else if (b instanceof Pmap.Activated a) {
            return "pmap_activate on cpu" + a.cpu() + " (pid " + a.pid() + " " + a.command() + ")";
        } else if (b instanceof Pmap.Deactivated d) {
            return "pmap_deactivate on cpu" + d.cpu() + " (pid " + d.pid() + " " + d.command() + ")";
        } else if (b instanceof Pmap.Blocked bl) {
            return String.format(Locale.ROOT, "fault at va 0x%x sleeps: %s", bl.va(), bl.reason());
        } else if (b instanceof Cpu.Running r) {
            return "cpu" + r.cpu() + " runs pid " + r.proc().pid() + " " + r.proc().command() + " (op " + r.proc().pc()
                    + " of " + r.proc().program() + ")";
        } else if (b instanceof Cpu.Stepped st) {
            return "pid " + st.proc().pid() + " at op " + st.proc().pc() + ", page " + st.proc().progress();
        } else if (b instanceof Scheduler.Woken w) {
            return "wakeup pid " + w.pid() + (w.channel() == PhysicalMemory.MEMORY_CHANNEL ? " (memory)" : "");
        } else if (b instanceof Scheduler.Slept sl) {
            return "pid " + sl.proc().pid() + " " + sl.proc().command() + " sleeps"
                    + (sl.until() >= 0 ? String.format(Locale.ROOT, " until t=%.3fms", sl.until() / 1000.0)
                    : sl.channel() == PhysicalMemory.MEMORY_CHANNEL ? " in uvm_wait" : " on channel " + sl.channel());
        } else if (b instanceof Scheduler.ProcCreated c) {
            return "fork: pid " + c.proc().pid() + " (" + c.proc().program() + ") of pid " + c.proc().ppid();
        } else if (b instanceof Scheduler.ProcExited x) {
            return "exit: pid " + x.proc().pid() + " " + x.proc().command();
        } else if (b instanceof PhysicalMemory.Woke w) {
            return w.channel() == PhysicalMemory.MEMORY_CHANNEL ? "wakeup(&uvmexp.free)" : "wakeup of the page's sleepers";
        } else if (b instanceof PhysicalMemory.WaitersWoken w) {
            return "pages back (free=" + w.free() + "): " + (w.pager() ? "the pager" : "processes in uvm_wait")
                    + " may go on";
        }
        return generic(b);
    }

    /** Record name and its scalar components; arrays and lists shown by size. */
    static String generic(ModelEvent b) {
        StringBuilder s = new StringBuilder(b.getClass().getSimpleName());
        RecordComponent[] rc = b.getClass().getRecordComponents();
        if (rc == null || rc.length == 0) {
            return s.toString();
        }
        s.append('(');
        for (int i = 0; i < rc.length; i++) {
            try {
                Object v = rc[i].getAccessor().invoke(b);
                s.append(i == 0 ? "" : ", ").append(rc[i].getName()).append('=');
                if (v != null && v.getClass().isArray()) {
                    s.append('[').append(java.lang.reflect.Array.getLength(v)).append(']');
                } else if (v instanceof List<?> l) {
                    s.append('[').append(l.size()).append(']');
                } else {
                    s.append(v);
                }
            } catch (ReflectiveOperationException ex) {
                s.append('?');
            }
        }
        return s.append(')').toString();
    }
}
