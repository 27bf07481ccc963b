package pmapsim.model.scenario;

import java.nio.file.Path;
import java.util.Map;

/** Reads a HOCON scenario file (with includes), applies overrides, validates, and builds a {@link Scenario}. */
public final class ScenarioLoader {
    private ScenarioLoader() {
    }

    /**
     * @param overrides keys set on the command line, e.g. {@code machine.cpus -> "2"}, {@code machine.memory -> "24 MiB"}
     * @throws ScenarioException listing every problem found, each with file, line and key
     */
    public static Scenario load(Path file, Map<String, String> overrides) throws ScenarioException {
        throw new ScenarioException(java.util.List.of(new Problem(file.toString(), 0, "", "loader not written yet")));
    }
}
