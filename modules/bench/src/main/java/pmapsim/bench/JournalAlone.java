package pmapsim.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
import pmapsim.actors.run.PmapsimConfig;
import pmapsim.actors.run.WriteBehindJournal;
import pmapsim.journal.JournalSettings;
import pmapsim.journal.RecordDecoder;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The journal by itself: a recorded run's own records written again through the plugin the model actors write to
 * ({@code pmapsim.journal.durable}: the write-behind journal over pekko-persistence-jdbc), one write a record as an
 * actor's turn makes it, as fast as the journal takes them, with no model running beside it. This is the figure the
 * raw JDBC insert is the ceiling of: the same rows, the same database, the journal's serialization, batching and
 * answers on top. The journaled seed run's own rate also pays for the model's CPU, on the same cores.
 *
 * <p>Records are decoded from the run's rows first (not timed), so the journal serializes the run's real events.
 * Writes wait whenever the journal's window of answered-but-unwritten records is full, as a run's actors do.
 */
final class JournalAlone {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private JournalAlone() {
    }

    /** Each record of the run, decoded, in the order it was written. */
    record Record(String persistenceId, long sequenceNr, Object payload) {
    }

    static List<Record> read(Connection c, String runId) throws Exception {
        List<Record> out = new ArrayList<>();
        try (RecordDecoder decoder = RecordDecoder.create(null);
             PreparedStatement p = c.prepareStatement(JournalBench.SELECT)) {
            p.setFetchSize(JournalBench.FETCH_SIZE);
            p.setString(1, runId + "|");
            p.setString(2, runId + "}");
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new Record(rs.getString(1), rs.getLong(2),
                            decoder.decode(rs.getBytes(5), rs.getInt(3), rs.getString(4))));
                }
            }
        }
        return out;
    }

    /**
     * Writes {@code records} again under {@code prefix} (each persistence id's run part replaced), in a fresh actor
     * system on {@code journal}'s configuration; returns the nanoseconds from the first write until the journal had
     * written every record.
     */
    static long write(JournalSettings journal, List<Record> records, String prefix) throws Exception {
        ActorSystem system = ActorSystem.create("journalbench", journal.actorConfig(PmapsimConfig.load()));
        try {
            ActorRef plugin = Persistence.get(system).journalFor(journal.pluginId(),
                    com.typesafe.config.ConfigFactory.empty());
            ActorRef answers = system.actorOf(Props.create(Ignore.class), "answers");
            WriteBehindJournal.Stats stats = WriteBehindJournal.stats(system);
            int window = system.settings().config().getInt(journal.pluginId() + ".window");
            String writer = UUID.randomUUID().toString();
            List<JournalProtocol.WriteMessages> writes = new ArrayList<>(records.size());
            for (Record r : records) {
                String id = prefix + r.persistenceId().substring(r.persistenceId().indexOf('|'));
                PersistentRepr repr = PersistentRepr.apply(r.payload(), r.sequenceNr(), id, "", false,
                        ActorRef.noSender(), writer);
                List<PersistentEnvelope> one = List.of(AtomicWrite.apply(repr));
                writes.add(new JournalProtocol.WriteMessages(CollectionConverters.asScala(one).toList(), answers, 1));
            }
            long start = System.nanoTime();
            long sent = 0;
            for (JournalProtocol.WriteMessages w : writes) {
                if (sent - stats.written() >= window) {
                    stats.await(sent - window + 1, TIMEOUT); // a run's actors wait here too
                }
                plugin.tell(w, answers);
                sent++;
            }
            stats.await(sent, TIMEOUT);
            return System.nanoTime() - start;
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Where the journal's answers go: a run's actors count them; here nobody needs to. */
    static final class Ignore extends AbstractActor {
        @Override
        public Receive createReceive() {
            return receiveBuilder().matchAny(m -> { }).build();
        }
    }

    /** The rows of {@code prefix}'s persistence ids, as written (a check that the journal wrote them all). */
    static long rows(Connection c, String prefix) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "select count(*) from event_journal where persistence_id >= ? and persistence_id < ?")) {
            p.setString(1, prefix + "|");
            p.setString(2, prefix + "}");
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
