package pmapsim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.scenario.ScenarioException;
import pmapsim.model.scenario.ScenarioLoader;

/** The scenario file and the machine options both commands take; options override the scenario's keys. */
final class ScenarioOptions {
    @Parameters(index = "0", paramLabel = "SCENARIO", description = "a scenario file (HOCON), e.g. "
            + "config/scenarios/alpha-nfs-libc-cleandir.conf")
    Path file;

    @Option(names = "--cpus", paramLabel = "N", description = "CPUs (overrides machine.cpus)")
    Integer cpus;

    @Option(names = "--memory", paramLabel = "SIZE",
            description = "physical memory, one argument such as \"24 MiB\" or \"1 GiB\" (overrides machine.memory)")
    String memory;

    /** The command-line overrides, by scenario key, in a stable order. */
    Map<String, String> overrides() {
        Map<String, String> o = new LinkedHashMap<>();
        if (cpus != null) {
            o.put("machine.cpus", String.valueOf(cpus));
        }
        if (memory != null) {
            o.put("machine.memory", memory);
        }
        return o;
    }

    /** Loads the scenario with these overrides and {@code extra} ones. */
    Scenario load(Map<String, String> extra) throws ScenarioException, Main.BadInput {
        return loadWithText(extra).scenario();
    }

    /**
     * Loads the scenario to run it: one too large for the JVM's heap ({@code -Xmx}, the memory budget) is bad input,
     * refused before anything runs or is written, not an OutOfMemoryError later.
     */
    ScenarioLoader.Loaded loadToRun(Map<String, String> extra) throws ScenarioException, Main.BadInput {
        ScenarioLoader.Loaded loaded = loadWithText(extra);
        String tooLarge = pmapsim.actors.machine.HeapBudget.check(loaded.scenario(), Runtime.getRuntime().maxMemory());
        if (tooLarge != null) {
            throw new Main.BadInput(tooLarge);
        }
        return loaded;
    }

    /** The scenario and its resolved text (what a journal keeps with the run). */
    ScenarioLoader.Loaded loadWithText(Map<String, String> extra) throws ScenarioException, Main.BadInput {
        if (!Files.exists(file)) {
            throw new Main.BadInput("no such scenario file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new Main.BadInput("not a scenario file: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new Main.BadInput("cannot read scenario file: " + file);
        }
        Map<String, String> o = overrides();
        o.putAll(extra);
        if (pmapsim.cluster.ClusterScenario.isCluster(file)) {
            throw new Main.BadInput(file + " is a cluster scenario: run it with pmapsim cluster run " + file
                    + " --local K (or --seed-node HOST:PORT)");
        }
        return ScenarioLoader.loadWithText(file, o);
    }
}
