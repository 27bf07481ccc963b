package pmapsim.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.Test;
import pmapsim.actors.run.Faults;
import pmapsim.actors.run.Journaled;
import pmapsim.actors.run.PmapsimConfig;
import pmapsim.journal.Databases;
import pmapsim.journal.JournalDb;
import pmapsim.journal.JournalSettings;
import pmapsim.journal.RecordDecoder;

/**
 * The replay's decoder (Pekko's jackson-cbor mapper without an actor system) gives every record of a real run exactly
 * what Pekko's serialization gives, and hands what it does not cover (a compressed payload) to Pekko's.
 */
class RecordDecoderTest {

    @Test
    void everyRecordOfASeedRunDecodesAsPekkoDecodesIt() throws Exception {
        JournalSettings js = Databases.of("h2");
        String runId = Runs.newRunId();
        Runs.run(runId, JournalRunsTest.load("alpha-nfs-libc-cleandir.conf", Map.of("machine.cpus", "2")), js,
                List.of(), Faults.NONE);
        ActorSystem system = ActorSystem.create("decoder-test", PmapsimConfig.load());
        try (JournalDb db = JournalDb.open(js); RecordDecoder decoder = RecordDecoder.create(null)) {
            Serialization pekko = SerializationExtension.get(system);
            long n = 0;
            try (PreparedStatement p = db.connection().prepareStatement("SELECT event_ser_id, event_ser_manifest, "
                    + "CAST(event_payload AS VARBINARY) FROM event_journal WHERE persistence_id >= ? AND "
                    + "persistence_id < ? ORDER BY ordering")) {
                p.setString(1, runId + "|");
                p.setString(2, runId + "}");
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        byte[] bytes = rs.getBytes(3);
                        Object expected = pekko.deserialize(bytes, rs.getInt(1), rs.getString(2)).get();
                        Object got = decoder.decode(bytes, rs.getInt(1), rs.getString(2));
                        // records may hold arrays (equal only by identity): the same record is the same bytes again
                        assertEquals(expected.getClass(), got.getClass());
                        assertArrayEquals(pekko.serialize(expected).get(), pekko.serialize(got).get());
                        if (n % 97 == 0) { // compressed (as jackson-json would): Pekko's own path, same record
                            assertArrayEquals(bytes, pekko.serialize(
                                    decoder.decode(gzip(bytes), rs.getInt(1), rs.getString(2))).get());
                        }
                        n++;
                    }
                }
            }
            assertTrue(n > 10_000, "the seed run has its records: " + n);
            long compressed = (n + 96) / 97;
            assertEquals(List.of(n, compressed), List.of(decoder.counts()[0], decoder.counts()[1]),
                    "every plain record on the fast path, every compressed one through Pekko's");
        } finally {
            system.terminate();
        }
    }

    @Test
    void aCompressedRecordGoesToPekkosOwnPath() throws Exception {
        ActorSystem system = ActorSystem.create("decoder-test", PmapsimConfig.load());
        try (RecordDecoder decoder = RecordDecoder.create(null)) {
            Serialization pekko = SerializationExtension.get(system);
            Journaled j = new Journaled("r", 3, "cpu0", "a#1", 5, -1, 7, 8, 9, new Journaled.Took());
            byte[] bytes = pekko.serialize(j).get();
            int id = pekko.findSerializerFor(j).identifier();
            assertEquals(j, decoder.decode(bytes, id, Journaled.class.getName()));
            assertEquals(j, decoder.decode(gzip(bytes), id, Journaled.class.getName()));
            assertEquals(j, decoder.decode(bytes, id, Journaled.class.getName() + "#2")); // a migration's version
            assertEquals(List.of(1L, 2L), List.of(decoder.counts()[0], decoder.counts()[1]));
        } finally {
            system.terminate();
        }
    }

    private static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }
}
