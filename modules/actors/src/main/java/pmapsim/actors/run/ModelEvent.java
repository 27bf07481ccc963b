package pmapsim.actors.run;

/** A state change of a model actor. Each actor's events are a sealed interface of records extending this. */
public interface ModelEvent {
}
