package pmapsim.actors.run;

/** A message between model actors. Every actor's protocol is a sealed interface of records extending this. */
public interface Msg {
    Meta meta();
}
