package pmapsim.actors.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults injected into a run on purpose: an actor that crashes after a given number of turns and is restarted by
 * its supervisor, recovering its state from the journal. Tests and fault campaigns use it; a plain run has none.
 */
public final class Faults {
    public static final Faults NONE = new Faults();

    private final Map<String, Long> crashAfter = new ConcurrentHashMap<>();
    private final Map<String, Long> crashed = new ConcurrentHashMap<>();

    /** {@code actor} crashes once, at the end of its {@code turns}-th turn (after the turn's events are persisted). */
    public Faults crash(String actor, long turns) {
        if (this == NONE) {
            throw new IllegalStateException("Faults.NONE is shared; make a new Faults");
        }
        crashAfter.put(actor, turns);
        return this;
    }

    boolean due(String actor, long turns) {
        Long at = crashAfter.get(actor);
        if (at != null && turns >= at && crashed.putIfAbsent(actor, turns) == null) {
            return true;
        }
        return false;
    }

    /** How many injected crashes happened (each one a restart and a recovery). */
    public int crashes() {
        return crashed.size();
    }

    /** The exception an injected crash throws; the model actor's supervisor restarts on it and on nothing else. */
    public static final class InjectedCrash extends RuntimeException {
        public InjectedCrash(String actor) {
            super("injected crash of " + actor, null, false, false);
        }
    }
}
