package pmapsim.actors.run;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A state change of a model actor. Each actor's events are a sealed interface of records extending this. In the
 * journal an event is written with its class name, so any record here round-trips through Jackson CBOR.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@type")
public interface ModelEvent {
}
