package pmapsim.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pmapsim.cluster.campaign.CampaignCoordinator;
import pmapsim.cluster.campaign.CampaignCoordinator.Assignment;
import pmapsim.cluster.campaign.CampaignCoordinator.GiveWork;
import pmapsim.cluster.campaign.CampaignCoordinator.Progress;
import pmapsim.cluster.campaign.CampaignCoordinator.Result;
import pmapsim.cluster.campaign.CampaignCoordinator.RunResult;
import pmapsim.cluster.campaign.CampaignCoordinator.Work;
import pmapsim.journal.JournalSettings;

/**
 * The campaign coordinator's protocol across two actor systems on 127.0.0.1: the coordinator on one node (no real
 * worker), probes for workers on the other. Work is pulled, a result counted once, a stopped worker's run given back.
 */
class CampaignProtocolTest {
    private Node host;
    private Node client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (host != null) {
            host.close();
        }
    }

    /** A worker that forwards what it is given to a probe; told NoWork by the test itself, it stops. */
    static Behavior<Assignment> forwarding(ActorRef<Assignment> probe, boolean stopsOnNoWork) {
        return Behaviors.receiveMessage(a -> {
            if (stopsOnNoWork && a instanceof CampaignCoordinator.NoWork) {
                return Behaviors.stopped();
            }
            probe.tell(a);
            return Behaviors.same();
        });
    }

    @Test
    void workIsPulledCountedOnceAndAStoppedWorkersRunGoesBack() throws Exception {
        host = Node.start(new Node.Settings("127.0.0.1", Node.freePort("127.0.0.1"), List.of(), true, false,
                JournalSettings.none(), null, Duration.ofSeconds(10)));
        client = Node.start(new Node.Settings("127.0.0.1", Node.freePort("127.0.0.1"), List.of(host.address()),
                false, JournalSettings.none(), null, Duration.ofSeconds(10)));
        client.awaitHosts(1, Duration.ofSeconds(30));
        var system = client.system();
        var coordinator = client.campaigns();
        TestProbe<Progress> progress = TestProbe.create(system);
        coordinator.tell(new CampaignCoordinator.Submit("c1", "lab.conf", List.of(
                new CampaignCoordinator.PolicyScenario("netbsd-1998", "{}")), "pct", 10, 3, progress.getRef()));
        Progress p = progress.expectMessageClass(Progress.class, Duration.ofSeconds(30));
        assertEquals(3, p.total());
        assertEquals(0, p.counted());

        TestProbe<Assignment> p1 = TestProbe.create(system);
        TestProbe<Assignment> p2 = TestProbe.create(system);
        ActorRef<Assignment> w1 = system.systemActorOf(forwarding(p1.getRef(), false), "w1",
                org.apache.pekko.actor.typed.Props.empty());
        ActorRef<Assignment> w2 = system.systemActorOf(forwarding(p2.getRef(), true), "w2",
                org.apache.pekko.actor.typed.Props.empty());
        coordinator.tell(new GiveWork(w1, "n1"));
        Work a = assertInstanceOf(Work.class, p1.receiveMessage(Duration.ofSeconds(10)));
        coordinator.tell(new GiveWork(w2, "n2"));
        Work b = assertInstanceOf(Work.class, p2.receiveMessage(Duration.ofSeconds(10)));
        assertEquals(10, a.seed());
        assertEquals(11, b.seed());

        Result ra = new Result("netbsd-1998", a.seed(), "completed", "", 1, "n1");
        coordinator.tell(new RunResult("c1", ra, w1));
        coordinator.tell(new RunResult("c1", ra, w1)); // the same run answered twice: counted once
        coordinator.tell(new CampaignCoordinator.Status("c1", progress.getRef()));
        assertEquals(1, progress.expectMessageClass(Progress.class, Duration.ofSeconds(10)).counted());

        w2.tell(new CampaignCoordinator.NoWork()); // w2 stops with seed 11 held
        // w1 pulls until it is given seed 11 back (the coordinator learns of w2's end asynchronously)
        long seen = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (seen != 11 && System.nanoTime() < deadline) {
            coordinator.tell(new GiveWork(w1, "n1"));
            Assignment x = p1.receiveMessage(Duration.ofSeconds(10));
            if (x instanceof Work w) {
                seen = w.seed();
                coordinator.tell(new RunResult("c1", new Result("netbsd-1998", w.seed(), "panic-oom", "s", 2, "n1"),
                        w1));
            }
        }
        assertEquals(11, seen, "the stopped worker's run was given back");
        coordinator.tell(new CampaignCoordinator.Status("c1", progress.getRef()));
        Progress done = progress.expectMessageClass(Progress.class, Duration.ofSeconds(10));
        assertTrue(done.finished(), done.toString());
        assertEquals(List.of(10L, 11L, 12L), done.results().stream().map(Result::seed).toList());
        coordinator.tell(new GiveWork(w1, "n1"));
        assertInstanceOf(CampaignCoordinator.NoWork.class, p1.receiveMessage(Duration.ofSeconds(10)));

        // a run that throws ends its campaign: reported once, its run not handed out again, nothing after it
        TestProbe<Assignment> p2b = TestProbe.create(system);
        ActorRef<Assignment> w2b = system.systemActorOf(forwarding(p2b.getRef(), false), "w2b",
                org.apache.pekko.actor.typed.Props.empty());
        coordinator.tell(new CampaignCoordinator.Submit("c2", "lab.conf", List.of(
                new CampaignCoordinator.PolicyScenario("netbsd-1998", "{}")), "pct", 20, 3, progress.getRef()));
        progress.expectMessageClass(Progress.class, Duration.ofSeconds(30));
        // c1, finished, still takes its turn among the campaigns, but has nothing to give: every ask gets c2's work,
        // none comes back empty (an empty answer costs a real worker its idle wait before it asks again)
        coordinator.tell(new GiveWork(w2b, "n2"));
        assertEquals(new Work("c2", "netbsd-1998", 20, "{}", "lab.conf", "pct"),
                p2b.receiveMessage(Duration.ofSeconds(10)));
        coordinator.tell(new GiveWork(w1, "n1"));
        Work first = assertInstanceOf(Work.class, p1.receiveMessage(Duration.ofSeconds(10)));
        assertEquals(new Work("c2", "netbsd-1998", 21, "{}", "lab.conf", "pct"), first);
        coordinator.tell(new RunResult("c2", new Result("netbsd-1998", 21, "completed", "", 1, "n1"), w1));
        coordinator.tell(new CampaignCoordinator.RunFailed("c2", "netbsd-1998", 20, "n2",
                "java.lang.IllegalStateException: boom", w2b));
        coordinator.tell(new CampaignCoordinator.Status("c2", progress.getRef()));
        Progress failed = progress.expectMessageClass(Progress.class, Duration.ofSeconds(10));
        assertTrue(failed.finished(), failed.toString());
        assertEquals(new CampaignCoordinator.Failed("netbsd-1998", 20, "n2", "java.lang.IllegalStateException: boom"),
                failed.failure());
        assertEquals(1, failed.counted());
        for (int i = 0; i < 4; i++) { // both campaigns answer NoWork: c1 is done, c2 stopped at its failure
            coordinator.tell(new GiveWork(w1, "n1"));
            assertInstanceOf(CampaignCoordinator.NoWork.class, p1.receiveMessage(Duration.ofSeconds(10)));
        }
    }
}
