package pmapsim.model.scenario;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import pmapsim.model.workload.Image;
import pmapsim.model.workload.Op;
import pmapsim.model.workload.ProcessSpec;
import pmapsim.model.workload.Region;
import pmapsim.model.workload.Workload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads {@code workload}: the images, the programs (lists of ops) and the processes, and checks that every image
 * and program named exists and that the run has work that ends.
 */
final class WorkloadReader {
    /** The keys that make an op what it is; an op has exactly one. */
    private static final List<String> OP_KINDS =
            List.of("exec", "touch", "grow", "fork", "wait", "sleep", "compute", "exit");
    private static final List<String> REGIONS = Arrays.stream(Region.values()).map(Region::key).toList();
    /** An op's defaults: those of touch's modifiers (any other op that sets one is told it is unknown). */
    private static final ConfigObject TOUCH_DEFAULTS =
            ConfigFactory.parseString("pages = 1, write = false, random = false, times = 1").root();
    private static final ConfigObject PROCESS_DEFAULTS =
            ConfigFactory.parseString("count = 1, daemon = false, start-at = 0").root();

    private final Set<String> imageNames;
    private final Set<String> programNames;

    private WorkloadReader(Set<String> imageNames, Set<String> programNames) {
        this.imageNames = imageNames;
        this.programNames = programNames;
    }

    static Workload read(Section workload) {
        Section images = workload.child("images");
        Section programs = workload.child("programs");
        WorkloadReader reader = new WorkloadReader(images.keys(), programs.keys());
        Workload result = new Workload(readImages(images), reader.programs(programs), reader.processes(workload));
        workload.rejectUnknownKeys();
        return result;
    }

    private static SortedMap<String, Image> readImages(Section images) {
        SortedMap<String, Image> result = new TreeMap<>();
        for (String name : images.keys()) {
            Section s = images.child(name);
            result.put(name, new Image(name,
                    s.intIn("text", 1, Integer.MAX_VALUE),
                    s.intIn("data", 0, Integer.MAX_VALUE),
                    s.intIn("heap", 0, Integer.MAX_VALUE),
                    s.intIn("stack", 1, Integer.MAX_VALUE)));
            s.rejectUnknownKeys();
        }
        return result;
    }

    private SortedMap<String, List<Op>> programs(Section programs) {
        SortedMap<String, List<Op>> result = new TreeMap<>();
        for (String name : programs.keys()) {
            List<Op> ops = programs.elements(name, TOUCH_DEFAULTS, "a program needs at least one op").stream()
                    .map(this::op)
                    .filter(Objects::nonNull)
                    .toList();
            result.put(name, ops);
        }
        return result;
    }

    /** One op, or null if it is not one: no kind, or several. */
    private Op op(Section s) {
        List<String> kinds = OP_KINDS.stream().filter(s.keys()::contains).toList();
        if (kinds.size() != 1) {
            s.problem(notOneKind(kinds, s.keys()));
            return null;
        }
        Op op = switch (kinds.get(0)) {
            case "exec" -> new Op.Exec(s.oneOf("exec", imageNames, "image"));
            case "touch" -> touch(s);
            case "grow" -> new Op.Grow(s.intIn("grow", 1, Integer.MAX_VALUE));
            case "fork" -> new Op.Fork(s.oneOf("fork", programNames, "program"));
            case "wait" -> flag(s, "wait", new Op.Wait());
            case "sleep" -> new Op.Sleep(s.positiveDuration("sleep"));
            case "compute" -> new Op.Compute(s.duration("compute"));
            default -> flag(s, "exit", new Op.Exit());
        };
        s.rejectUnknownKeys();
        return op;
    }

    private static String notOneKind(List<String> kinds, Set<String> keys) {
        String needs = "an op needs exactly one of " + String.join(", ", OP_KINDS);
        if (kinds.isEmpty()) {
            return needs + "; this one has " + (keys.isEmpty() ? "no key" : String.join(", ", keys));
        }
        return needs + "; this one has " + String.join(" and ", kinds) + " (write each op as its own { })";
    }

    private static Op touch(Section s) {
        String region = s.oneOf("touch", REGIONS, "region");
        return new Op.Touch(REGIONS.contains(region) ? Region.parse(region) : Region.TEXT,
                s.intIn("pages", 1, Integer.MAX_VALUE),
                s.bool("write"),
                s.bool("random"),
                s.intIn("times", 1, Integer.MAX_VALUE));
    }

    private static Op flag(Section s, String key, Op op) {
        s.requireTrue(key);
        return op;
    }

    private List<ProcessSpec> processes(Section workload) {
        List<ProcessSpec> processes = new ArrayList<>();
        for (Section s : workload.elements("processes", PROCESS_DEFAULTS, "no processes: nothing would run")) {
            processes.add(new ProcessSpec(
                    s.string("command"),
                    s.oneOf("program", programNames, "program"),
                    s.intIn("count", 1, Integer.MAX_VALUE),
                    s.bool("daemon"),
                    s.duration("start-at")));
            s.rejectUnknownKeys();
        }
        if (!processes.isEmpty() && processes.stream().allMatch(ProcessSpec::daemon)) {
            workload.problem("processes", "nothing to complete: every process is a daemon");
        }
        return processes;
    }
}
