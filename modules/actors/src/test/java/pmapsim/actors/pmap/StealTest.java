package pmapsim.actors.pmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pmapsim.actors.ActorProtocolTest;
import pmapsim.actors.TestRun;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.run.RunEnd;
import pmapsim.actors.uvm.PhysicalMemory;
import pmapsim.model.Usage;
import pmapsim.model.workload.Region;

/**
 * pmap.c 1.124 as a conversation between real pmaps: the test plays PhysicalMemory and the CPUs. A refused table
 * page is stolen from the first other pmap on the LRU list that has one; the victim's lock is a plain lock, so a
 * thief spins while the victim's own pmap_enter holds it, and two thieves spinning on each other's locks deadlock.
 */
class StealTest extends ActorProtocolTest {
    private static final long VA = Region.HEAP.base();
    private static final String REFUSED = "free=1 <= reserve_pagedaemon=1";

    private TestRun t;
    private Pmap.Handle kernel;

    @BeforeEach
    void setUp() {
        t = TestRun.of(kit, Map.of("machine.policy", "netbsd-2000"));
        kernel = t.handle("pmap-kernel", 0, "kernel", t.kernelPmap.ref());
    }

    private ActorRef<Pmap.Command> pmap(int id, String command) {
        ActorRef<Pmap.Command> p = kit.spawn(Pmap.create(t.run, new Pmap.Handle("pmap-" + id, id, id, command), false));
        t.run.peers().registerPmap("pmap-" + id, p);
        return p;
    }

    private static Pmap.Handle h(int id, String command) {
        return new Pmap.Handle("pmap-" + id, id, id, command);
    }

    /** The next L3 region: a va whose L3 page is new but whose L1 and L2 pages exist. */
    private long nextL3(long va) {
        return va + t.run.geometry().l3Span();
    }

    /** Starts a touch of {@code va}: the fault is answered with {@code data}; returns the first table request. */
    private PhysicalMemory.AllocPt touch(ActorRef<Pmap.Command> p, TestProbe<Cpu.Command> cpu, long va, int data) {
        t.tell(p, new Pmap.Access(t.meta(), 0, new long[]{va}, true, cpu.ref()));
        PhysicalMemory.Fault f = t.expect(t.physmem, PhysicalMemory.Fault.class);
        t.tell(f.replyTo(), new Pmap.PageReady(t.meta(), va, data, f.key()));
        return t.expect(t.physmem, PhysicalMemory.AllocPt.class);
    }

    /** The first touch of {@code VA} with every page granted: L1, L2, L3 and the pv entry. */
    private void enterFirstPage(ActorRef<Pmap.Command> p, int data, int l1, int l2, int l3) {
        TestProbe<Cpu.Command> cpu = kit.createTestProbe(Cpu.Command.class);
        PhysicalMemory.AllocPt a = touch(p, cpu, VA, data);
        for (int frame : new int[]{l1, l2, l3}) {
            t.tell(a.replyTo(), new Pmap.PtGranted(t.meta(), a.usage(), frame));
            if (frame != l3) {
                a = t.expect(t.physmem, PhysicalMemory.AllocPt.class);
            }
        }
        PhysicalMemory.EnterPv pv = t.expect(t.physmem, PhysicalMemory.EnterPv.class);
        t.tell(pv.replyTo(), new Pmap.PvDone(t.meta(), data, false));
        assertEquals(1, t.expect(cpu, Cpu.AccessDone.class).done());
    }

    @Test
    void aRefusedPageIsTheFirstL3PageOfTheFirstOtherPmapOnTheLruListThatHasOne() {
        ActorRef<Pmap.Command> victim = pmap(2, "csh");
        enterFirstPage(victim, 100, 200, 201, 202);
        pmap(3, "sh"); // on Lev1map: nothing to steal
        ActorRef<Pmap.Command> thief = pmap(1, "make");
        TestProbe<Cpu.Command> cpu = kit.createTestProbe(Cpu.Command.class);
        PhysicalMemory.AllocPt l1 = touch(thief, cpu, VA, 300);
        assertEquals(Usage.L1, l1.usage());

        t.tell(thief, new Pmap.AllocRefused(t.meta(), Usage.L1, REFUSED, 1,
                List.of(kernel, h(1, "make"), h(3, "sh"), h(2, "csh"))));
        PhysicalMemory.PtpageSteal steal = t.expect(t.physmem, PhysicalMemory.PtpageSteal.class);
        assertEquals("pmap-2", steal.victim());
        assertEquals("pmap-1", steal.thief());
        assertEquals(Usage.L1, steal.usage());
        assertEquals(202, steal.frame(), "the victim's L3 page becomes the thief's L1");
        assertArrayEquals(new long[]{VA}, steal.pvVas(), "the mappings under it go");
        assertArrayEquals(new int[]{100}, steal.pvFrames());
        assertArrayEquals(new int[]{201}, steal.freed(), "its L2 page, with no L3 page left under it, goes back");

        t.tell(steal.replyTo(), new Pmap.PtGranted(t.meta(), Usage.L1, 202)); // PhysicalMemory's answer to the thief
        assertEquals(Usage.L2, t.expect(t.physmem, PhysicalMemory.AllocPt.class).usage());
        assertEquals(List.of("pmap-3", "pmap-2"), t.events(Pmap.StealBegan.class).get(0).walk(),
                "LRU order, the kernel pmap and the thief itself skipped");
        Pmap.VictimChecked skipped = t.events(Pmap.VictimChecked.class).get(0);
        assertEquals("pmap-3", skipped.victim());
        assertFalse(skipped.privateL1());
        Pmap.PtpageStolen stolen = t.events(Pmap.PtpageStolen.class).get(0);
        assertEquals("pmap-1", stolen.thief());
        Pmap.PtPageInstalled installed = t.events(Pmap.PtPageInstalled.class).stream()
                .filter(i -> i.pid() == 1).findFirst().orElseThrow();
        assertEquals(202, installed.frame());
        assertEquals(Usage.L1, installed.usage());

        TestProbe<Cpu.Command> victimCpu = kit.createTestProbe(Cpu.Command.class);
        t.tell(victim, new Pmap.Access(t.meta(), 1, new long[]{VA}, false, victimCpu.ref()));
        assertEquals(VA, t.expect(t.physmem, PhysicalMemory.Fault.class).va(), "the victim faults its page again");
    }

    @Test
    void withNothingToStealTheEnterPanicsWithTheStringOfWhatItNeeded() {
        ActorRef<Pmap.Command> thief = pmap(1, "make");
        enterFirstPage(thief, 100, 200, 201, 202);
        pmap(3, "sh");
        TestProbe<Cpu.Command> cpu = kit.createTestProbe(Cpu.Command.class);
        PhysicalMemory.AllocPt l3 = touch(thief, cpu, nextL3(VA), 101);
        assertEquals(Usage.L3, l3.usage());

        t.tell(thief, new Pmap.AllocRefused(t.meta(), Usage.L3, REFUSED, 1, List.of(kernel, h(3, "sh"), h(1, "make"))));
        RunEnd end = t.end();
        assertEquals(RunEnd.Kind.PANIC, end.kind());
        assertEquals("pmap_enter: unable to create L3 PT page", end.reason());
        assertEquals(1, t.events(Pmap.VictimChecked.class).size(), "asked pmap-3 only, once");
    }

    @Test
    void aThiefSpinsWhileTheVictimsOwnEnterHoldsTheLockAndStealsWhenTheEnterIsDone() {
        ActorRef<Pmap.Command> victim = pmap(2, "csh");
        enterFirstPage(victim, 100, 200, 201, 202);
        TestProbe<Cpu.Command> victimCpu = kit.createTestProbe(Cpu.Command.class);
        PhysicalMemory.AllocPt victimsL3 = touch(victim, victimCpu, nextL3(VA), 101); // pm_slock held from here

        ActorRef<Pmap.Command> thief = pmap(1, "make");
        TestProbe<Cpu.Command> thiefCpu = kit.createTestProbe(Cpu.Command.class);
        touch(thief, thiefCpu, VA, 300);
        t.tell(thief, new Pmap.AllocRefused(t.meta(), Usage.L1, REFUSED, 1, List.of(kernel, h(2, "csh"))));
        t.physmem.expectNoMessage(); // spinning
        assertEquals("pmap-1", t.events(Pmap.LockContended.class).get(0).thief());

        t.tell(victimsL3.replyTo(), new Pmap.PtGranted(t.meta(), Usage.L3, 203));
        PhysicalMemory.EnterPv pv = t.expect(t.physmem, PhysicalMemory.EnterPv.class);
        t.physmem.expectNoMessage(); // still inside the victim's pmap_enter
        t.tell(pv.replyTo(), new Pmap.PvDone(t.meta(), 101, false));
        PhysicalMemory.PtpageSteal steal = t.expect(t.physmem, PhysicalMemory.PtpageSteal.class);
        assertEquals(202, steal.frame(), "the lowest L3 page");
        assertEquals(0, steal.freed().length, "the L2 page still holds the new L3 page");
        assertEquals(1, t.expect(victimCpu, Cpu.AccessDone.class).done());
        assertTrue(t.events(Pmap.StealDeadlocked.class).isEmpty());
    }

    @Test
    void twoThievesSpinningOnEachOthersLockAreTheStealDeadlockAndTheRunEndsStalled() {
        ActorRef<Pmap.Command> a = pmap(1, "make");
        enterFirstPage(a, 100, 200, 201, 202);
        ActorRef<Pmap.Command> b = pmap(2, "sh");
        enterFirstPage(b, 110, 210, 211, 212);
        TestProbe<Cpu.Command> cpu0 = kit.createTestProbe(Cpu.Command.class);
        TestProbe<Cpu.Command> cpu1 = kit.createTestProbe(Cpu.Command.class);
        touch(a, cpu0, nextL3(VA), 101);
        t.tell(b, new Pmap.Access(t.meta(), 1, new long[]{nextL3(VA)}, true, cpu1.ref()));
        PhysicalMemory.Fault f = t.expect(t.physmem, PhysicalMemory.Fault.class);
        t.tell(f.replyTo(), new Pmap.PageReady(t.meta(), nextL3(VA), 111, f.key()));
        t.expect(t.physmem, PhysicalMemory.AllocPt.class);

        List<Pmap.Handle> lru = List.of(kernel, h(1, "make"), h(2, "sh"));
        t.tell(a, new Pmap.AllocRefused(t.meta(), Usage.L3, REFUSED, 1, lru));
        t.tell(b, new Pmap.AllocRefused(t.meta(), Usage.L3, REFUSED, 1, lru));

        RunEnd end = t.end();
        assertEquals(RunEnd.Kind.STALLED, end.kind());
        assertTrue(end.reason().startsWith("deadlock: steal-deadlock: "), end.reason());
        assertTrue(end.reason().contains("pmap-1 on cpu0") && end.reason().contains("pmap-2 on cpu1"), end.reason());
        List<String> cycle = t.events(Pmap.StealDeadlocked.class).get(0).cycle();
        assertEquals(2, cycle.size(), cycle.toString());
        assertEquals(2, t.events(Pmap.LockContended.class).size());
        assertTrue(t.events(Pmap.PtpageStolen.class).isEmpty());
        cpu0.expectNoMessage();
        cpu1.expectNoMessage();
    }

    @Test
    void anEmptyPvPoolStealsAMappingFromTheFirstUserPmapWhoseLockATryLockGets() {
        ActorRef<Pmap.Command> busy = pmap(2, "csh");
        enterFirstPage(busy, 100, 200, 201, 202);
        TestProbe<Cpu.Command> busyCpu = kit.createTestProbe(Cpu.Command.class);
        touch(busy, busyCpu, nextL3(VA), 101); // its pmap_enter holds its lock
        ActorRef<Pmap.Command> idle = pmap(3, "sh");
        enterFirstPage(idle, 110, 210, 211, 212);
        ActorRef<Pmap.Command> thief = pmap(1, "make");
        TestProbe<Cpu.Command> cpu = kit.createTestProbe(Cpu.Command.class);
        PhysicalMemory.AllocPt a = touch(thief, cpu, VA, 120);
        for (int frame : new int[]{220, 221, 222}) {
            t.tell(a.replyTo(), new Pmap.PtGranted(t.meta(), a.usage(), frame));
            if (frame != 222) {
                a = t.expect(t.physmem, PhysicalMemory.AllocPt.class);
            }
        }
        PhysicalMemory.EnterPv pv = t.expect(t.physmem, PhysicalMemory.EnterPv.class);

        t.tell(pv.replyTo(), new Pmap.PvPoolEmpty(t.meta(), REFUSED, 1, List.of(new Pmap.PvMapping("pmap-2", VA, 100),
                new Pmap.PvMapping("pmap-1", VA + 8192, 77), new Pmap.PvMapping("pmap-3", VA, 110))));
        PhysicalMemory.FreePmapPages trimmed = t.expect(t.physmem, PhysicalMemory.FreePmapPages.class);
        assertEquals("pmap-3", trimmed.pmap());
        assertArrayEquals(new int[]{212, 211}, trimmed.frames(), "its only mapping went: its L3 and L2 pages go");
        PhysicalMemory.PvSteal steal = t.expect(t.physmem, PhysicalMemory.PvSteal.class);
        assertEquals("pmap-3", steal.victim());
        assertEquals(110, steal.frame());
        assertEquals("pmap-1", steal.thief());
        assertEquals(120, steal.thiefFrame());
        assertEquals(VA, steal.thiefVa());
        assertEquals(List.of("pmap-2", "pmap-3"), t.events(Pmap.StealBegan.class).get(0).walk());
        Pmap.StealRefused refused = t.events(Pmap.StealRefused.class).get(0);
        assertTrue(refused.reason().startsWith("simple_lock_try failed"), refused.reason());

        t.tell(steal.replyTo(), new Pmap.PvDone(t.meta(), 120, false));
        assertEquals(1, t.expect(cpu, Cpu.AccessDone.class).done());
        assertEquals(1, t.events(Pmap.MappingStolen.class).size());
    }

    @Test
    void anActivatedPmapGoesToTheTailOfTheLruList() {
        ActorRef<Pmap.Command> p = pmap(1, "make");
        TestProbe<Cpu.Command> cpu = kit.createTestProbe(Cpu.Command.class);

        t.tell(p, new Pmap.Activate(t.meta(), 0, cpu.ref()));
        t.expect(cpu, Cpu.Activated.class);
        assertEquals("pmap-1", t.expect(t.physmem, PhysicalMemory.PmapActivated.class).pmap());
    }
}
