package pmapsim.actors.run;

/**
 * Marks what Pekko serializes with Jackson CBOR (the binding is in this module's {@code reference.conf}): journal
 * records today, cluster messages later. Java serialization stays off.
 */
public interface Cbor {
}
