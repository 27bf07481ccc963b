package pmapsim.actors.monitor;

import java.util.HashMap;
import java.util.Map;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.Stamped;

/**
 * No pmap is collected while it is active on a CPU (vm-model.md §7 race 1, {@code collect-active}): its page tables
 * would be freed under a CPU running on them.
 */
public final class CollectActive extends Monitor {
    /** pmap@cpu -> the event that last activated it there, for the story */
    private final Map<String, Long> activatedAt = new HashMap<>();

    public CollectActive() {
        super("collect-active");
    }

    @Override
    public void accept(Stamped e) {
        if (e.body() instanceof Pmap.Activated a) {
            activatedAt.put(e.actor() + "@" + a.cpu(), e.seq());
        } else if (e.body() instanceof Pmap.CollectStarted c && c.cpusAtCollect() != 0) {
            String by = c.byCpu() < 0 ? "the page daemon" : "cpu" + c.byCpu();
            fire(e, by + " collects " + e.actor() + " (pid " + c.pid() + " " + c.command() + ") while it is active on "
                    + cpus(c.cpusAtCollect()) + " (activated at event "
                    + activatedAt.getOrDefault(e.actor() + "@" + Long.numberOfTrailingZeros(c.cpusAtCollect()), -1L)
                    + "): " + c.frames().length + " table page(s) freed under a running CPU");
        }
    }

    static String cpus(long mask) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            if ((mask & (1L << i)) != 0) {
                b.append(b.length() == 0 ? "" : ",").append("cpu").append(i);
            }
        }
        return b.toString();
    }
}
