package pmapsim.report;

import java.util.ArrayDeque;
import java.util.List;
import pmapsim.actors.run.EventSink;
import pmapsim.actors.run.Stamped;

/** The last events of a run, one readable line each (a debugging aid: {@code PMAPSIM_TRACE_TAIL=N}). */
public final class EventTail implements EventSink {
    private final int size;
    private final ArrayDeque<Stamped> last;

    public EventTail(int size) {
        this.size = Math.max(1, size);
        this.last = new ArrayDeque<>(Math.min(this.size, 1 << 16));
    }

    @Override
    public void accept(Stamped e) {
        if (last.size() == size) {
            last.pollFirst();
        }
        last.addLast(e);
    }

    /** Oldest first. */
    public List<String> lines() {
        return last.stream().map(Backtrace::describe).toList();
    }
}
