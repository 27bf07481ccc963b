package pmapsim.actors.monitor;

import java.util.TreeMap;
import java.util.TreeSet;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.Stamped;

/**
 * At most one active user pmap per CPU ({@code pm_cpus}), and the CPU and the pmap agree on it: when a CPU says it
 * switched to a pmap, that pmap holds the CPU's bit, and no other does.
 */
public final class OneActivePmapPerCpu extends Monitor {
    /** cpu -> pmaps whose pm_cpus has that CPU's bit */
    private final TreeMap<Integer, TreeSet<String>> active = new TreeMap<>();

    public OneActivePmapPerCpu() {
        super("one-active-pmap-per-cpu");
    }

    @Override
    public void accept(Stamped e) {
        if (e.body() instanceof Pmap.Activated a) {
            TreeSet<String> set = active.computeIfAbsent(a.cpu(), k -> new TreeSet<>());
            if (!set.isEmpty() && !set.contains(e.actor())) {
                fire(e, "cpu" + a.cpu() + " activates " + e.actor() + " (pid " + a.pid() + " " + a.command()
                        + ") while " + set + " is still active on it");
            }
            set.add(e.actor());
        } else if (e.body() instanceof Pmap.Deactivated d) {
            TreeSet<String> set = active.get(d.cpu());
            if (set == null || !set.remove(e.actor())) {
                fire(e, e.actor() + " deactivated on cpu" + d.cpu() + " where it was not active");
            }
        } else if (e.body() instanceof Cpu.Switched s) {
            TreeSet<String> set = active.getOrDefault(s.cpu(), new TreeSet<>());
            if (set.size() != 1 || !set.contains(s.pmap())) {
                fire(e, "cpu" + s.cpu() + " switched to " + s.pmap() + " but the pmaps active on it are " + set);
            }
        }
    }
}
