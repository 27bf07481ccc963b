package pmapsim.actors.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.PublishedEvent;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.junit.jupiter.api.Test;
import pmapsim.actors.ActorProtocolTest;
import pmapsim.actors.TestRun;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.pmap.Pmap;

/**
 * Model actors persist without publishing each event on the actor system's event stream, which Pekko does by default
 * and which was about half the cost of a live turn (issue 8, {@link UnpublishedEventSourcedBehavior}).
 */
class UnpublishedTest extends ActorProtocolTest {

    /** An event-sourced actor as Pekko's Java API builds it by default: it persists each command as an event. */
    private static final class Counter extends EventSourcedBehavior<String, String, Integer> {
        private final String plugin;

        Counter(String id, String plugin) {
            super(PersistenceId.ofUniqueId(id));
            this.plugin = plugin;
        }

        @Override
        public String journalPluginId() {
            return plugin;
        }

        @Override
        public Integer emptyState() {
            return 0;
        }

        @Override
        public CommandHandler<String, String, Integer> commandHandler() {
            return (n, command) -> Effect().persist(command);
        }

        @Override
        public EventHandler<Integer, String> eventHandler() {
            return (n, event) -> n + 1;
        }
    }

    @Test
    void aPmapsTurnPublishesNothingWhereADefaultEventSourcedActorPublishesItsEvent() {
        TestRun t = TestRun.of(kit);
        TestProbe<PublishedEvent> published = kit.createTestProbe(PublishedEvent.class);
        kit.system().eventStream().tell(new EventStream.Subscribe<>(PublishedEvent.class, published.ref()));

        // a pmap's turn persists its activation before it answers: a publication would be on its way before the answer
        ActorRef<Pmap.Command> p = kit.spawn(Pmap.create(t.run, new Pmap.Handle("pmap-1", 1, 1, "make"), false));
        t.run.peers().registerPmap("pmap-1", p);
        TestProbe<Cpu.Command> cpu = kit.createTestProbe(Cpu.Command.class);
        t.tell(p, new Pmap.Activate(t.meta(), 0, cpu.ref()));
        assertEquals("pmap-1", t.expect(cpu, Cpu.Activated.class).pmap());

        // the control, after it: Pekko's default publishes, so the first publication seen must be the control's
        ActorRef<String> counter = kit.spawn(new Counter("unpublished-control", Journaling.inMemory().pluginId()));
        counter.tell("one");
        assertEquals("unpublished-control", published.receiveMessage().persistenceId().id());
    }
}
