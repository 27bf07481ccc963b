package pmapsim.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.PersistentRepr$;
import pmapsim.actors.run.Journaled;
import pmapsim.actors.run.WriteBehindJournal;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Writes the records of a run whose actors persist to the in-memory journal (a controlled run: a JDBC journal has
 * threads of its own and cannot run under the driver) to a durable journal, exactly as the actors would have: one
 * atomic write per turn, sequence numbers from 1 per actor, persistence ids {@code RUN|ACTOR}. {@code replay} and
 * {@code reproduce} cannot tell such a run from a live one.
 */
public final class JournalImport {
    private JournalImport() {
    }

    /**
     * Writes a run's records as the run hands them over, a batch at a time, so a long controlled run never holds
     * more than about two batches of them: at a turn's first record, once {@code batch} records are waiting, they go
     * to the journal, and the stream waits until the batch before them is written. Its user (the driver's thread) is
     * held up by the journal then, not the model: nothing the model sees changes. {@link #close} writes the rest
     * and waits for all of it.
     */
    public static final class Stream implements java.util.function.Consumer<Journaled>, AutoCloseable {
        private final ActorRef journal;
        private final ActorRef nobody;
        private final WriteBehindJournal.Stats stats;
        private final int batch;
        private final Duration timeout;
        /** per actor: the last sequence number given */
        private final Map<String, Long> seqs = new TreeMap<>();
        private final List<Journaled> waiting = new ArrayList<>();
        private long sent;
        private String lastActor;
        private String lastMsg;
        private Exception failure;

        public Stream(ActorSystem<?> system, String pluginId, int batch, Duration timeout) {
            this.journal = Persistence.get(system.classicSystem()).journalFor(pluginId,
                    com.typesafe.config.ConfigFactory.empty());
            this.nobody = system.classicSystem().deadLetters();
            this.stats = WriteBehindJournal.stats(system.classicSystem());
            this.batch = batch;
            this.timeout = timeout;
        }

        @Override
        public void accept(Journaled j) {
            boolean turnBegins = !j.actor().equals(lastActor) || !j.msg().equals(lastMsg);
            if (turnBegins && waiting.size() >= batch && failure == null) {
                long before = sent;
                send();
                try {
                    stats.await(before, timeout); // the batch before this one is written
                } catch (Exception e) {
                    failure = e; // reported by close; the run goes on
                }
            }
            waiting.add(j);
            lastActor = j.actor();
            lastMsg = j.msg();
        }

        @Override
        public void close() throws Exception {
            if (failure != null) {
                throw failure;
            }
            send();
            stats.await(sent, timeout);
        }

        /** The waiting records, one atomic write per turn, each actor's in order. */
        private void send() {
            if (waiting.isEmpty()) {
                return;
            }
            Map<String, List<List<Journaled>>> turns = new TreeMap<>();
            Map<String, String> last = new TreeMap<>();
            for (Journaled j : waiting) {
                List<List<Journaled>> mine = turns.computeIfAbsent(j.actor(), a -> new ArrayList<>());
                if (mine.isEmpty() || !j.msg().equals(last.get(j.actor()))) {
                    mine.add(new ArrayList<>());
                }
                mine.get(mine.size() - 1).add(j);
                last.put(j.actor(), j.msg());
            }
            String run = waiting.get(0).run();
            for (Map.Entry<String, List<List<Journaled>>> e : turns.entrySet()) {
                String pid = run + "|" + e.getKey();
                long seq = seqs.getOrDefault(e.getKey(), 0L);
                List<org.apache.pekko.persistence.PersistentEnvelope> writes = new ArrayList<>();
                for (List<Journaled> turn : e.getValue()) {
                    List<PersistentRepr> reprs = new ArrayList<>();
                    for (Journaled j : turn) {
                        reprs.add(PersistentRepr$.MODULE$.apply(j, ++seq, pid, "", false, nobody, "import"));
                    }
                    writes.add(AtomicWrite.apply(CollectionConverters.asScala(reprs).toList()));
                }
                seqs.put(e.getKey(), seq);
                journal.tell(new JournalProtocol.WriteMessages(CollectionConverters.asScala(writes).toList(),
                        nobody, 0), nobody);
            }
            sent += waiting.size();
            waiting.clear();
        }
    }
}
