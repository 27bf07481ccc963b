package pmapsim.actors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.nfs.NfsServer;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.Journaling;
import pmapsim.actors.run.Meta;
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.Peers;
import pmapsim.actors.run.RunContext;
import pmapsim.actors.run.RunEnd;
import pmapsim.actors.run.RunLog;
import pmapsim.actors.run.Stamped;
import pmapsim.actors.sched.Scheduler;
import pmapsim.actors.uvm.PageDaemon;
import pmapsim.actors.uvm.PhysicalMemory;
import pmapsim.model.policy.Policies;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.scenario.ScenarioException;
import pmapsim.model.scenario.ScenarioLoader;

/**
 * One run of the model with every fixed peer replaced by a {@link TestProbe}, so a test can spawn one actor and
 * play every other part of the machine itself. Messages the test sends go through {@link #tell}, which counts them
 * in flight as the actors count theirs. The test itself holds one message in flight from the start (it is the rest
 * of the machine, which may still send something), so the run never looks quiescent and never ends by itself until
 * the test calls {@link #quiesce}: then, with nothing in flight, simulated time jumps to the next deadline.
 */
public final class TestRun {
    public static final Path CLEANDIR = Path.of("../../config/scenarios/alpha-nfs-libc-cleandir.conf");

    public final Scenario scenario;
    public final RunContext run;
    public final TestProbe<PhysicalMemory.Command> physmem;
    public final TestProbe<PageDaemon.Command> pagedaemon;
    public final TestProbe<SwapPager.Command> pager;
    public final TestProbe<NfsServer.Command> nfs;
    public final TestProbe<Scheduler.Command> scheduler;
    public final TestProbe<Pmap.Command> kernelPmap;
    public final TestProbe<Cpu.Command> cpu0;
    private final List<Stamped> events = new ArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    private static final AtomicLong RUNS = new AtomicLong();

    private TestRun(ActorTestKit kit, Map<String, String> overrides) {
        this.scenario = scenario(overrides);
        // each TestRun is its own run: its actors' persistence ids must not meet another test's journal
        this.run = new RunContext("test-" + RUNS.incrementAndGet(), scenario,
                Policies.byName(scenario.machine().policy()).orElseThrow(), scenario.machine().thresholds(),
                scenario.machine().geometry(), new RunLog(1_000_000), new Peers(),
                Journaling.inMemory());
        run.log().sent(); // the test's own token: see quiesce()
        run.log().addSink(e -> {
            synchronized (events) {
                events.add(e);
            }
        });
        physmem = kit.createTestProbe(PhysicalMemory.Command.class);
        pagedaemon = kit.createTestProbe(PageDaemon.Command.class);
        pager = kit.createTestProbe(SwapPager.Command.class);
        nfs = kit.createTestProbe(NfsServer.Command.class);
        scheduler = kit.createTestProbe(Scheduler.Command.class);
        kernelPmap = kit.createTestProbe(Pmap.Command.class);
        cpu0 = kit.createTestProbe(Cpu.Command.class);
        run.peers().wire(new Peers.Wiring(physmem.ref(), pagedaemon.ref(), pager.ref(), nfs.ref(), scheduler.ref(),
                kernelPmap.ref(), List.of(cpu0.ref())));
    }

    /** The cleandir scenario as shipped (16 MiB, one CPU, netbsd-1998); overrides may change its policy. */
    public static TestRun of(ActorTestKit kit) {
        return new TestRun(kit, Map.of());
    }

    public static TestRun of(ActorTestKit kit, Map<String, String> overrides) {
        return new TestRun(kit, overrides);
    }

    public static Scenario scenario(Map<String, String> overrides) {
        try {
            return ScenarioLoader.load(CLEANDIR, overrides);
        } catch (ScenarioException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The metadata of a message from the test, stamped at simulated {@code time} microseconds. */
    /** A pmap handle whose actor is {@code ref} (a real pmap or a probe), registered under its name. */
    public Pmap.Handle handle(String name, int id, String command, ActorRef<Pmap.Command> ref) {
        run.peers().registerPmap(name, ref);
        return new Pmap.Handle(name, id, id, command);
    }

    public Meta meta(long time) {
        return new Meta("test", seq.incrementAndGet(), -1, time);
    }

    public Meta meta() {
        return meta(0);
    }

    /** Sends as a model actor does: counted in flight, so the run does not end when the receiver has handled it. */
    public <T> void tell(ActorRef<T> to, T msg) {
        run.log().sent();
        to.tell(msg);
    }

    /**
     * The test (playing the rest of the machine) has nothing more to send and has handled what it received: when no
     * actor has a message pending, the run is quiescent and its clocks jump to the next deadline (or it stalls).
     * Each call releases one message: the initial token, or a reply that reached a probe.
     */
    public void quiesce() {
        run.log().handled();
    }

    /** The events of one type so far, in the run's order. */
    public <E extends ModelEvent> List<E> events(Class<E> type) {
        List<E> out = new ArrayList<>();
        synchronized (events) {
            for (Stamped e : events) {
                if (type.isInstance(e.body())) {
                    out.add(type.cast(e.body()));
                }
            }
        }
        return out;
    }

    /** The next message of {@code probe}, which must be a {@code type}; a failure says how the run ended, if it did. */
    public <M, T extends M> T expect(TestProbe<M> probe, Class<T> type) {
        try {
            return probe.expectMessageClass(type);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (" + state() + ")", e);
        }
    }

    /** How the run ended; fails when it does not end within a few seconds. */
    public RunEnd end() {
        try {
            return run.log().end().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the run did not end: " + e, e);
        }
    }

    /** "running", or how the run ended (a model error ends it as stalled, naming the exception). */
    public String state() {
        return run.log().ended() ? "run ended: " + run.log().end().join() : "running";
    }
}
