package pmapsim.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import pmapsim.actors.run.Journaled;
import pmapsim.actors.run.PmapsimConfig;
import pmapsim.journal.RecordDecoder;

/**
 * Event serialization: a journal record ({@link Journaled}, Jackson CBOR through Pekko's serialization, as the journal
 * writes it) to bytes and back, cycling through the seed run's real records, and back as a replay decodes it
 * ({@link RecordDecoder}). Per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SerializationBench {
    private ActorSystem system;
    private Serializer serializer;
    private Journaled[] records;
    private byte[][] bytes;
    private String[] manifests;
    private int next;
    private RecordDecoder decoder;

    @Setup(Level.Trial)
    public void setUp() {
        records = SeedEvents.get().records.toArray(new Journaled[0]);
        system = ActorSystem.create("jmh-serialization", PmapsimConfig.load());
        Serialization ser = SerializationExtension.get(system);
        serializer = ser.findSerializerFor(records[0]);
        bytes = new byte[records.length][];
        manifests = new String[records.length];
        for (int i = 0; i < records.length; i++) {
            bytes[i] = serializer.toBinary(records[i]);
            manifests[i] = serializer instanceof SerializerWithStringManifest m ? m.manifest(records[i]) : "";
        }
        decoder = RecordDecoder.create(ser);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        decoder.close();
        system.terminate();
    }

    @Benchmark
    public byte[] toBinary() {
        int i = next;
        next = i + 1 == records.length ? 0 : i + 1;
        return serializer.toBinary(records[i]);
    }

    @Benchmark
    public Object fromBinary() throws java.io.NotSerializableException {
        int i = next;
        next = i + 1 == records.length ? 0 : i + 1;
        return ((SerializerWithStringManifest) serializer).fromBinary(bytes[i], manifests[i]);
    }

    /** As a replay decodes: {@link RecordDecoder}'s fast path, Pekko's mapper without its serialization around it. */
    @Benchmark
    public Object replayDecode() throws Exception {
        int i = next;
        next = i + 1 == records.length ? 0 : i + 1;
        return decoder.decode(bytes[i], serializer.identifier(), manifests[i]);
    }
}
