package pmapsim.actors.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pmapsim.actors.ActorProtocolTest;
import pmapsim.actors.TestRun;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.sched.Proc;
import pmapsim.actors.sched.Scheduler;
import pmapsim.model.workload.Region;

/** One CPU running make's program: cpu_switch, then op after op, each a conversation with the process's pmap. */
class CpuTest extends ActorProtocolTest {
    private TestRun t;
    private ActorRef<Cpu.Command> cpu;
    private TestProbe<Pmap.Command> pmap;
    private Proc make;


    @BeforeEach
    void spawn() {
        t = TestRun.of(kit);
        cpu = kit.spawn(Cpu.create(t.run, 0));
        pmap = kit.createTestProbe(Pmap.Command.class);
        Pmap.Handle h = t.handle("pmap-12", 12, "make", pmap.ref());
        make = new Proc(12, 0, "make", "make-cleandir", 0, 0, 0, false, h, 42, "", 0, 0, 0, 0);
    }

    /** Dispatch make and answer its pmap's Activate: the CPU then runs make's first op, exec. */
    private Pmap.Exec dispatchMake() {
        t.tell(cpu, new Cpu.Dispatch(t.meta(), make));
        Pmap.Activate a = t.expect(pmap, Pmap.Activate.class);
        assertEquals(0, a.cpu());
        t.tell(a.replyTo(), new Cpu.Activated(t.meta(), "pmap-12"));
        return t.expect(pmap, Pmap.Exec.class);
    }

    @Test
    void aStartedCpuAsksTheSchedulerForWork() {
        t.tell(cpu, new Cpu.Start(t.meta()));
        assertEquals(0, t.expect(t.scheduler, Scheduler.Next.class).cpu());
    }

    @Test
    void aDispatchedProcessHasItsPmapActivatedBeforeItsFirstOpGoesToThatPmap() {
        t.tell(cpu, new Cpu.Dispatch(t.meta(), make));
        Pmap.Activate a = t.expect(pmap, Pmap.Activate.class);
        pmap.expectNoMessage(); // nothing runs until the pmap is active

        t.tell(a.replyTo(), new Cpu.Activated(t.meta(), "pmap-12"));
        assertEquals("make", t.expect(pmap, Pmap.Exec.class).image());
    }

    @Test
    void afterExecTheCpuTouchesTheImagesTextThroughThePmap() {
        Pmap.Exec exec = dispatchMake();
        assertEquals("make", exec.image());
        t.tell(exec.replyTo(), new Cpu.OpDone(t.meta()));

        Pmap.Access access = t.expect(pmap, Pmap.Access.class);
        assertEquals(16, access.vas().length, "make-cleandir's { touch = text, pages = 16 }");
        assertFalse(access.write());
        assertEquals(Region.TEXT.base(), access.vas()[0]);
        assertEquals(Region.TEXT.base() + 15L * t.run.geometry().pageSize(), access.vas()[15]);
        assertEquals("pmap-12", t.events(Cpu.Switched.class).get(0).pmap());
    }

    @Test
    void aProcessBlockedOnAFaultLeavesTheCpuWithItsPmapDeactivatedAndSleepsOnTheChannel() {
        Pmap.Exec exec = dispatchMake();
        t.tell(exec.replyTo(), new Cpu.OpDone(t.meta()));
        Pmap.Access access = t.expect(pmap, Pmap.Access.class);

        t.tell(access.replyTo(), new Cpu.AccessDone(t.meta(), 3, -42, "pagein", 7));
        Pmap.Deactivate d = t.expect(pmap, Pmap.Deactivate.class);
        t.scheduler.expectNoMessage(); // the CPU is not free before its pmap is deactivated
        t.tell(d.replyTo(), new Cpu.Deactivated(t.meta(), "pmap-12"));

        Scheduler.Sleep sleep = t.expect(t.scheduler, Scheduler.Sleep.class);
        assertEquals(0, sleep.cpu());
        assertEquals(-42, sleep.channel());
        assertEquals(7, sleep.wakeSeq());
        assertEquals(1, sleep.proc().pc(), "still at the touch");
        assertEquals(3, sleep.proc().progress(), "the three pages entered are not touched again");
        assertTrue(sleep.progressed());
    }

    /** Runs make past exec into its first touch, then lets the touch end after the quantum: make yields. */
    private Scheduler.Yield runMakeToTheEndOfItsQuantum() {
        Pmap.Exec exec = dispatchMake();
        t.tell(exec.replyTo(), new Cpu.OpDone(t.meta()));
        Pmap.Access access = t.expect(pmap, Pmap.Access.class);
        t.tell(access.replyTo(), new Cpu.AccessDone(t.meta(2 * Cpu.QUANTUM_MICROS), 16, -1, null, 0));
        return t.expect(t.scheduler, Scheduler.Yield.class);
    }

    @Test
    void aProcessThatRanOutItsQuantumYieldsWithItsPmapStillLoaded() {
        Scheduler.Yield y = runMakeToTheEndOfItsQuantum();
        assertEquals(2, y.proc().pc(), "the text touch is done");
        assertTrue(y.progressed());
        pmap.expectNoMessage();

        t.tell(cpu, new Cpu.Dispatch(t.meta(2 * Cpu.QUANTUM_MICROS), y.proc()));
        Pmap.Access next = t.expect(pmap, Pmap.Access.class); // same pmap: no switch, straight to the next op
        assertTrue(next.write(), "make-cleandir's { touch = data, pages = 4, write = true }");
        assertEquals(4, next.vas().length);
    }

    @Test
    void dispatchingAnotherProcessDeactivatesTheOldPmapBeforeActivatingTheNewOne() {
        runMakeToTheEndOfItsQuantum();
        TestProbe<Pmap.Command> rmPmap = kit.createTestProbe(Pmap.Command.class);
        Proc rm = new Proc(13, 12, "make", "rm-depend", 0, 0, 0, false,
                t.handle("pmap-13", 13, "make", rmPmap.ref()), 43, "", 0, 0, 0, 0);

        t.tell(cpu, new Cpu.Dispatch(t.meta(2 * Cpu.QUANTUM_MICROS), rm));
        Pmap.Deactivate d = t.expect(pmap, Pmap.Deactivate.class);
        rmPmap.expectNoMessage();
        t.tell(d.replyTo(), new Cpu.Deactivated(t.meta(), "pmap-12"));
        assertEquals(0, t.expect(rmPmap, Pmap.Activate.class).cpu());
    }

    @Test
    void aFaultThatFailsWithEnomemKillsTheProcess() {
        Pmap.Exec exec = dispatchMake();
        t.tell(exec.replyTo(), new Cpu.OpDone(t.meta()));
        Pmap.Access access = t.expect(pmap, Pmap.Access.class);

        t.tell(access.replyTo(), new Cpu.AccessFailed(t.meta(), 3, "out of swap"));
        Pmap.Exit exit = t.expect(pmap, Pmap.Exit.class);
        Cpu.Killed killed = t.events(Cpu.Killed.class).get(0);
        assertEquals(12, killed.pid());
        assertEquals("UVM: pid 12 (make), uid 0 killed: out of swap", killed.message());
        t.tell(exit.replyTo(), new Cpu.OpDone(t.meta()));
        Pmap.Deactivate d = t.expect(pmap, Pmap.Deactivate.class);
        t.tell(d.replyTo(), new Cpu.Deactivated(t.meta(), "pmap-12"));
        assertEquals(12, t.expect(t.scheduler, Scheduler.Exited.class).proc().pid());
    }
}
