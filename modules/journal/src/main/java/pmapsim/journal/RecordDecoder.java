package pmapsim.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.typesafe.config.Config;
import java.io.IOException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ReflectiveDynamicAccess;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperFactory;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider$;
import pmapsim.actors.run.Journaled;
import pmapsim.actors.run.PmapsimConfig;
import scala.Option;

/**
 * Decodes a journal record's payload the way Pekko's {@code jackson-cbor} serializer does, without an actor system:
 * the same {@link ObjectMapper} (made by Pekko's own {@code JacksonObjectMapperProvider.createObjectMapper} from the
 * same configuration), read through one {@link ObjectReader} for {@link Journaled}, shared by the JVM's readers (it is
 * thread-safe, and its deserializers are built once rather than once per replay).
 *
 * <p>Why (issue 8): a replay used to start an actor system only to reach Pekko's serialization, and each record went
 * through {@code Serialization.deserialize} (a {@code Try}, the manifest parsed, the class looked up and checked) before
 * Jackson. Whatever this fast path does not cover exactly as Pekko would (another serializer, a versioned manifest of a
 * migration, a compressed payload, another class) goes to Pekko's serialization itself, in an actor system made only
 * then: journals written by any earlier pmapsim read as before. Thread-safe: a replay decodes on several threads.
 */
public final class RecordDecoder implements AutoCloseable {
    /** Pekko's binding (and {@code serialization-identifiers} key) of the jackson-cbor serializer. */
    static final String CBOR_BINDING = "jackson-cbor";
    private static final String JOURNALED = Journaled.class.getName();

    private static final class Shared {
        static final Fast FAST = new Fast(PmapsimConfig.load());
    }

    /** The part without an actor system: Pekko's jackson-cbor mapper, its reader of {@link Journaled}. */
    private static final class Fast {
        final int serializerId;
        final ObjectReader reader;

        Fast(Config config) {
            String key = "pekko.actor.serialization-identifiers." + CBOR_BINDING;
            this.serializerId = config.hasPath(key) ? config.getInt(key) : Integer.MIN_VALUE;
            ObjectMapper mapper = JacksonObjectMapperProvider$.MODULE$.createObjectMapper(CBOR_BINDING,
                    Option.apply(new CBORFactory()), new JacksonObjectMapperFactory(),
                    JacksonObjectMapperProvider$.MODULE$.configForBinding(CBOR_BINDING, config),
                    new ReflectiveDynamicAccess(RecordDecoder.class.getClassLoader()), Option.empty());
            this.reader = mapper.readerFor(Journaled.class);
        }
    }

    private final Fast fast;
    private final Serialization given;
    private ActorSystem fallbackSystem;
    private Serialization fallback;
    private final java.util.concurrent.atomic.LongAdder fastDecoded = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder slowDecoded = new java.util.concurrent.atomic.LongAdder();

    private RecordDecoder(Fast fast, Serialization given) {
        this.fast = fast;
        this.given = given;
    }

    /**
     * A decoder on the JVM's shared fast path; what it does not cover goes to {@code serialization} when given, else to
     * an actor system of its own, made when first needed and ended by {@link #close}.
     */
    public static RecordDecoder create(Serialization serialization) {
        return new RecordDecoder(Shared.FAST, serialization);
    }

    /** The record, as Pekko's {@code Serialization.deserialize(bytes, serializerId, manifest)} would give it. */
    public Object decode(byte[] bytes, int serializerId, String manifest) throws Exception {
        if (serializerId == fast.serializerId && JOURNALED.equals(manifest) && bytes.length > 0
                && (bytes[0] & 0xE0) == 0xA0) { // CBOR major type 5, a map: neither gzip nor LZ4 (compressed)
            try {
                Object o = fast.reader.readValue(bytes);
                fastDecoded.increment();
                return o;
            } catch (IOException e) {
                // decode it the way Pekko does below: same answer, or the same error
            }
        }
        slowDecoded.increment();
        return slow().deserialize(bytes, serializerId, manifest).get();
    }

    /** Records decoded by the fast path, and by Pekko's serialization. */
    public long[] counts() {
        return new long[] {fastDecoded.sum(), slowDecoded.sum()};
    }

    private synchronized Serialization slow() {
        if (given != null) {
            return given;
        }
        if (fallback == null) {
            fallbackSystem = ActorSystem.create("pmapsim-reader", PmapsimConfig.load());
            fallback = SerializationExtension.get(fallbackSystem);
        }
        return fallback;
    }

    @Override
    public synchronized void close() {
        if (fallbackSystem != null) {
            fallbackSystem.terminate();
            fallbackSystem = null;
            fallback = null;
        }
    }
}
