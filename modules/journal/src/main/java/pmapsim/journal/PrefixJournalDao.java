package pmapsim.journal;

import org.apache.pekko.persistence.jdbc.config.JournalConfig;
import org.apache.pekko.persistence.jdbc.journal.dao.DefaultJournalDao;
import org.apache.pekko.persistence.jdbc.journal.dao.JournalTables;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.stream.Materializer;
import scala.Tuple2;
import scala.collection.immutable.Seq;
import scala.collection.immutable.Set;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.concurrent.Future$;
import scala.runtime.BoxedUnit;
import scala.util.Failure;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;

/**
 * pekko-persistence-jdbc's journal DAO, except that once a write has failed, every later write fails too, without
 * touching the database. The plugin writes its queued batches one at a time, in order, but goes on with the next after
 * a failed one; pmapsim's write-behind journal hands it the next batch while the last is being written (the next one's
 * serialization overlaps the last one's insert: issue 8), and this is what keeps the written records a prefix of every
 * actor's records then. Configured as {@code jdbc-journal.dao} (modules/journal's {@code pmapsim.conf}).
 */
public class PrefixJournalDao extends DefaultJournalDao {
    private volatile Throwable failed;

    public PrefixJournalDao(JdbcBackend.JdbcDatabaseDef db, JdbcProfile profile, JournalConfig journalConfig,
                            Serialization serialization, ExecutionContext ec, Materializer mat) {
        super(db, profile, journalConfig, serialization, ec, mat);
    }

    @Override
    public Future<BoxedUnit> writeJournalRows(
            Seq<Tuple2<JournalTables.JournalPekkoSerializationRow, Set<String>>> rows) {
        Throwable before = failed;
        if (before != null) {
            return Future$.MODULE$.failed(new IllegalStateException("not written: an earlier write failed ("
                    + JournalDb.oneLine(before) + ")", before));
        }
        // the flag is set before the future completes, so before the plugin's queue takes the next batch
        return super.writeJournalRows(rows).transform(t -> {
            if (t instanceof Failure<BoxedUnit> f && failed == null) {
                failed = f.exception();
            }
            return t;
        }, ExecutionContext.parasitic$.MODULE$);
    }
}
