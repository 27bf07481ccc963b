package pmapsim.actors.monitor;

import java.util.ArrayList;
import java.util.List;
import pmapsim.actors.run.EventSink;
import pmapsim.actors.run.Stamped;

/**
 * A safety monitor: it folds every event of the run, in the run's order, and records a {@link Violation} for each
 * event that breaks its property. It never stops the run: the run reports what fired.
 */
public abstract class Monitor implements EventSink {
    private final List<Violation> violations = new ArrayList<>();
    private final String name;

    protected Monitor(String name) {
        this.name = name;
    }

    public final String name() {
        return name;
    }

    public final List<Violation> violations() {
        return violations;
    }

    protected final void fire(Stamped e, String message) {
        violations.add(new Violation(name, e.seq(), message));
    }

    /** The monitors of vm-model.md and issue 2, fresh for one run. */
    public static List<Monitor> standard(long npages) {
        return List.of(new OneActivePmapPerCpu(), new CollectActive(), new DoubleFree(), new Conservation(npages));
    }
}
