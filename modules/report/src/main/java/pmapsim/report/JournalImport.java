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
 * Writes the records of a run that kept them in memory (a controlled run: a JDBC journal has threads of its own and
 * cannot run under the driver) to a durable journal afterwards, exactly as the actors would have: one atomic write per
 * turn, sequence numbers from 1 per actor, persistence ids {@code RUN|ACTOR}. {@code replay} and {@code reproduce}
 * cannot tell such a run from a live one.
 */
public final class JournalImport {
    private JournalImport() {
    }

    /** @param records a run's records in the order the actors handed them over (each actor's turns in order) */
    public static void write(ActorSystem<?> system, String pluginId, List<Journaled> records, Duration timeout)
            throws Exception {
        Map<String, List<List<Journaled>>> turns = new TreeMap<>();
        Map<String, String> lastMsg = new TreeMap<>();
        for (Journaled j : records) {
            List<List<Journaled>> mine = turns.computeIfAbsent(j.actor(), a -> new ArrayList<>());
            if (mine.isEmpty() || !j.msg().equals(lastMsg.get(j.actor()))) {
                mine.add(new ArrayList<>());
            }
            mine.get(mine.size() - 1).add(j);
            lastMsg.put(j.actor(), j.msg());
        }
        ActorRef journal = Persistence.get(system.classicSystem()).journalFor(pluginId,
                com.typesafe.config.ConfigFactory.empty());
        ActorRef nobody = system.classicSystem().deadLetters();
        for (Map.Entry<String, List<List<Journaled>>> e : turns.entrySet()) {
            String pid = records.get(0).run() + "|" + e.getKey();
            long seq = 0;
            List<org.apache.pekko.persistence.PersistentEnvelope> writes = new ArrayList<>();
            for (List<Journaled> turn : e.getValue()) {
                List<PersistentRepr> reprs = new ArrayList<>();
                for (Journaled j : turn) {
                    reprs.add(PersistentRepr$.MODULE$.apply(j, ++seq, pid, "", false, nobody, "import"));
                }
                writes.add(AtomicWrite.apply(CollectionConverters.asScala(reprs).toList()));
            }
            journal.tell(new JournalProtocol.WriteMessages(CollectionConverters.asScala(writes).toList(), nobody, 0),
                    nobody);
        }
        WriteBehindJournal.stats(system.classicSystem()).await(records.size(), timeout);
    }
}
