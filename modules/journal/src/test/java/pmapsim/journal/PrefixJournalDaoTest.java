package pmapsim.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.PersistentEnvelope;
import org.apache.pekko.persistence.PersistentRepr;
import org.junit.jupiter.api.Test;
import pmapsim.actors.run.PmapsimConfig;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The durable journal's DAO writes nothing after a failed batch. pmapsim's write-behind journal hands
 * pekko-persistence-jdbc its next batch while the last one is written; the plugin's own DAO would go on with it after
 * a failure, and what is written would no longer be a prefix of every actor's records.
 */
class PrefixJournalDaoTest {
    private static final int BATCH = 4000; // jdbc-journal.batchSize in pmapsim.conf: batches this big are never merged

    @Test
    void aBatchAfterAFailedOneIsNotWritten() throws Exception {
        JournalSettings js = Databases.h2();
        try (JournalDb db = JournalDb.open(js)) { // the schema
            assertNotNull(db);
        }
        ActorSystem system = ActorSystem.create("prefix", js.actorConfig(PmapsimConfig.load()));
        try {
            ActorRef journal = Persistence.get(system).journalFor("jdbc-journal",
                    com.typesafe.config.ConfigFactory.empty());
            BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
            ActorRef writer = system.actorOf(Props.create(Collect.class, answers));
            // one good batch; then one that repeats a key (the database refuses all of it); then one of another actor
            journal.tell(write(writer, "t|a", 1, BATCH, -1), writer);
            journal.tell(write(writer, "t|a", BATCH + 1, BATCH - 1, 1), writer);
            journal.tell(write(writer, "t|b", 1, 1, -1), writer);

            List<Object> perRecord = new ArrayList<>();
            while (perRecord.size() < BATCH + BATCH + 1) {
                Object m = answers.poll(60, TimeUnit.SECONDS);
                assertNotNull(m, "the journal answered " + perRecord.size() + " records in a minute");
                if (m instanceof JournalProtocol.WriteMessageSuccess || m instanceof JournalProtocol.WriteMessageFailure
                        || m instanceof JournalProtocol.WriteMessageRejected) {
                    perRecord.add(m);
                }
            }
            assertInstanceOf(JournalProtocol.WriteMessageSuccess.class, perRecord.get(BATCH - 1));
            assertInstanceOf(JournalProtocol.WriteMessageFailure.class, perRecord.get(BATCH));
            assertInstanceOf(JournalProtocol.WriteMessageFailure.class, perRecord.get(2 * BATCH),
                    "the batch after the failed one is refused");
            try (Connection c = DriverManager.getConnection(js.url(), js.user(), js.password())) {
                assertEquals(BATCH, rows(c, "t|a"), "the first batch, and nothing of the failed one");
                assertEquals(0, rows(c, "t|b"), "nothing after the failed batch");
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** {@code n} records of {@code id} from {@code from}, each its own atomic write; {@code repeat} adds that one. */
    private static JournalProtocol.WriteMessages write(ActorRef writer, String id, long from, int n, long repeat) {
        List<PersistentEnvelope> writes = new ArrayList<>();
        for (long seq = from; seq < from + n; seq++) {
            writes.add(AtomicWrite.apply(PersistentRepr.apply("e", seq, id, "", false, ActorRef.noSender(), "w")));
        }
        if (repeat > 0) {
            writes.add(AtomicWrite.apply(PersistentRepr.apply("e", repeat, id, "", false, ActorRef.noSender(), "w")));
        }
        return new JournalProtocol.WriteMessages(CollectionConverters.asScala(writes).toList(), writer, 1);
    }

    private static long rows(Connection c, String id) throws Exception {
        try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM event_journal WHERE persistence_id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The journal's answers, into a queue the test reads. */
    static final class Collect extends AbstractActor {
        private final BlockingQueue<Object> answers;

        Collect(BlockingQueue<Object> answers) {
            this.answers = answers;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().matchAny(answers::add).build();
        }
    }
}
