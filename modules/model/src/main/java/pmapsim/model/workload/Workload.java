package pmapsim.model.workload;

import java.util.List;
import java.util.SortedMap;

/** Images, named programs and the processes started at boot. Maps are sorted: iteration order is deterministic. */
public record Workload(SortedMap<String, Image> images, SortedMap<String, List<Op>> programs,
                       List<ProcessSpec> processes) {

    public int processCount() {
        return processes.stream().mapToInt(ProcessSpec::count).sum();
    }

    /** How many fork ops the programs hold in all (a rough measure of the children a run creates). */
    public int forkOps() {
        return programs.values().stream().mapToInt(ops -> (int) ops.stream().filter(o -> o instanceof Op.Fork).count())
                .sum();
    }
}
