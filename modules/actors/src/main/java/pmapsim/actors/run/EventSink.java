package pmapsim.actors.run;

/** Something that sees every event of a run, in the run's order: monitors, the report's fold, a journal writer. */
public interface EventSink {
    void accept(Stamped e);
}
