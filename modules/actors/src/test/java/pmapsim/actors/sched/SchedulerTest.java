package pmapsim.actors.sched;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pmapsim.actors.ActorProtocolTest;
import pmapsim.actors.TestRun;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.RunEnd;
import pmapsim.actors.uvm.PhysicalMemory;
import pmapsim.model.workload.ProcessSpec;

/** The process table: boot, dispatch, fork and the end of the work, as the CPUs and PhysicalMemory see them. */
class SchedulerTest extends ActorProtocolTest {
    private TestRun t;
    private ActorRef<Scheduler.Command> sched;


    @BeforeEach
    void spawn() {
        t = TestRun.of(kit);
        sched = kit.spawn(Scheduler.create(t.run));
    }

    /** Boots and plays PhysicalMemory's side: each process's pmap is listed and its u-area asked for, in order. */
    private List<Pmap.Handle> boot() {
        t.tell(sched, new Scheduler.Boot(t.meta()));
        List<Pmap.Handle> pmaps = new ArrayList<>();
        for (int i = 0; i < t.scenario.workload().processCount(); i++) {
            Pmap.Handle h = t.expect(t.physmem, PhysicalMemory.RegisterPmap.class).handle();
            PhysicalMemory.UareaAlloc u = t.expect(t.physmem, PhysicalMemory.UareaAlloc.class);
            assertEquals(h.pid(), u.pid());
            assertEquals(t.scenario.uvm().uareaPages(), u.pages());
            pmaps.add(h);
        }
        return pmaps;
    }

    private Proc makeProc(Pmap.Handle h) {
        return new Proc(h.pid(), 0, "make", "make-cleandir", 0, 0, 0, false, h, 1, "", 0, 0, 0, 0);
    }

    @Test
    void bootCreatesOneProcessPerCopyOfEachSpecWithItsOwnPmapAndUarea() {
        List<Pmap.Handle> pmaps = boot();

        List<String> expected = new ArrayList<>();
        for (ProcessSpec spec : t.scenario.workload().processes()) {
            for (int i = 0; i < spec.count(); i++) {
                expected.add(spec.command());
            }
        }
        assertEquals(expected, pmaps.stream().map(Pmap.Handle::command).toList());
        assertEquals(12, pmaps.size(), "eleven daemons (four nfsiod) and make");
        assertEquals("pmap-1", pmaps.get(0).name());
        assertEquals(4, pmaps.stream().filter(h -> h.command().equals("nfsiod")).count());
        t.physmem.expectNoMessage();
    }

    @Test
    void aFreeCpuIsGivenTheFirstRunnableProcess() {
        boot();
        t.tell(sched, new Scheduler.Next(t.meta(), 0));

        Cpu.Dispatch d = t.expect(t.cpu0, Cpu.Dispatch.class);
        assertEquals(1, d.proc().pid());
        assertEquals("init", d.proc().command());
        assertEquals("init", d.proc().program());
        assertEquals("pmap-1", d.proc().pmap().name());
    }

    @Test
    void makeStartsOnlyAtItsStartTime() {
        List<Pmap.Handle> pmaps = boot();
        Pmap.Handle make = pmaps.get(pmaps.size() - 1);
        assertEquals("make", make.command());
        t.tell(sched, new Scheduler.Next(t.meta(), 0));
        t.expect(t.cpu0, Cpu.Dispatch.class); // after the boot turn: its events are all in

        Scheduler.Slept slept = t.events(Scheduler.Slept.class).stream()
                .filter(s -> s.proc().pid() == make.pid()).findFirst().orElseThrow();
        assertEquals(60_000_000L, slept.until(), "start-at = 60s");
    }

    @Test
    void forkTakesAUareaFirstThenCreatesTheChildAndItsPmapAndTellsTheParentsCpu() {
        List<Pmap.Handle> pmaps = boot();
        Proc make = makeProc(pmaps.get(pmaps.size() - 1));

        t.tell(sched, new Scheduler.ForkRequest(t.meta(), 0, make, "rm-depend", t.cpu0.ref()));
        PhysicalMemory.UareaAlloc u = t.expect(t.physmem, PhysicalMemory.UareaAlloc.class);
        t.cpu0.expectNoMessage();
        t.tell(u.replyTo(), new Scheduler.UareaGranted(t.meta(), u.pid(), new int[]{500, 501}));

        Pmap.Handle child = t.expect(t.physmem, PhysicalMemory.RegisterPmap.class).handle();
        Cpu.ForkDone done = t.expect(t.cpu0, Cpu.ForkDone.class);
        assertEquals(13, done.childPid());
        assertEquals("pmap-13", child.name());
        assertEquals(child.name(), done.child().name());
        assertEquals("make", child.command(), "the child runs make's image until it execs");
    }

    @Test
    void theRunCompletesWhenTheLastProcessOfTheWorkExitsAndItsUareaIsFreed() {
        List<Pmap.Handle> pmaps = boot();
        Pmap.Handle make = pmaps.get(pmaps.size() - 1);
        t.tell(sched, new Scheduler.UareaGranted(t.meta(), make.pid(), new int[]{600, 601}));

        t.tell(sched, new Scheduler.Exited(t.meta(), 0, makeProc(make)));
        assertArrayEquals(new int[]{600, 601}, t.expect(t.physmem, PhysicalMemory.KernelFree.class).frames());
        RunEnd end = t.end();
        assertEquals(RunEnd.Kind.COMPLETED, end.kind());
        assertEquals("every process of the work has exited", end.reason());
    }

    @Test
    void aProcessWokenBeforeItWentToSleepDoesNotSleep() {
        boot();
        t.tell(sched, new Scheduler.Next(t.meta(), 0));
        Proc init = t.expect(t.cpu0, Cpu.Dispatch.class).proc();
        t.tell(sched, new Scheduler.Wakeup(t.meta(), PhysicalMemory.MEMORY_CHANNEL, 1));

        t.tell(sched, new Scheduler.Sleep(t.meta(), 0, init, PhysicalMemory.MEMORY_CHANNEL, -1, 0, true));
        Cpu.Dispatch next = t.expect(t.cpu0, Cpu.Dispatch.class);
        assertEquals(2, next.proc().pid(), "syslogd is next in the queue");
        assertEquals(1, t.events(Scheduler.Woken.class).stream()
                .filter(w -> w.pid() == 1 && w.channel() == PhysicalMemory.MEMORY_CHANNEL).count());
        assertFalse(t.run.log().ended(), t.state());
    }

    @Test
    void aBootProcessWhoseUareaIsRefusedDoesNotCrashTheScheduler() {
        List<Pmap.Handle> pmaps = boot();
        t.tell(sched, new Scheduler.UareaRefused(t.meta(), pmaps.get(0).pid(), 0));

        t.tell(sched, new Scheduler.Next(t.meta(), 0));
        t.expect(t.cpu0, Cpu.Dispatch.class);
        assertFalse(t.run.log().ended(), t.state());
    }
}
