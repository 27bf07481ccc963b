package pmapsim.model.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a HOCON scenario file (with includes), applies overrides, validates, and builds a {@link Scenario}. Only the
 * file, what it includes and the overrides count: no system properties, environment or application.conf. The keys
 * are described in src/docs/scenarios.md.
 */
public final class ScenarioLoader {
    private static final ConfigParseOptions OVERRIDE_OPTIONS =
            ConfigParseOptions.defaults().setOriginDescription(Problems.COMMAND_LINE);

    private ScenarioLoader() {
    }

    /**
     * @param overrides keys set on the command line, e.g. {@code machine.cpus -> "2"}, {@code machine.memory -> "24 MiB"}
     * @throws ScenarioException listing every problem found, each with file, line and key
     */
    public static Scenario load(Path file, Map<String, String> overrides) throws ScenarioException {
        return loadWithText(file, overrides).scenario();
    }

    /**
     * A scenario and its text: the whole resolved configuration (includes and command-line overrides applied) as one
     * JSON document, which {@link #fromText} reads back to the same scenario. A journal keeps it with the run, so a
     * replay needs neither the file nor the options it was run with.
     */
    public record Loaded(Scenario scenario, String text) {
    }

    public static Loaded loadWithText(Path file, Map<String, String> overrides) throws ScenarioException {
        Problems problems = new Problems(file);
        return loadWithText(file, parse(file, problems), overrides, problems);
    }

    /**
     * A scenario file read and parsed once, to be loaded with many sets of overrides: a stress campaign loads its file
     * once per seed, and parsing it again each time cost about 0.45 ms a seed (issue 8).
     */
    public record Parsed(Path file, Config config) {
        /** The same as {@link ScenarioLoader#loadWithText} of the file, as it was when it was parsed. */
        public Loaded load(Map<String, String> overrides) throws ScenarioException {
            return loadWithText(file, Optional.of(config), overrides, new Problems(file));
        }
    }

    /** Reads and parses {@code file} (with its includes), for {@link Parsed#load}. */
    public static Parsed parsed(Path file) throws ScenarioException {
        Problems problems = new Problems(file);
        Optional<Config> config = parse(file, problems);
        if (config.isEmpty()) {
            throw problems.exception();
        }
        return new Parsed(file, config.get());
    }

    private static Loaded loadWithText(Path file, Optional<Config> scenario, Map<String, String> overrides,
                                       Problems problems) throws ScenarioException {
        Map<String, ConfigValue> commandLine = overrides(overrides, problems);
        Optional<Config> resolved = scenario.flatMap(s -> resolve(withOverrides(s, commandLine), problems));
        if (resolved.isEmpty()) {
            throw problems.exception();
        }
        Scenario result = new ScenarioReader(problems).read(resolved.get().root(), file.toString());
        if (problems.size() > 0) {
            throw problems.exception();
        }
        return new Loaded(result, resolved.get().root().render(com.typesafe.config.ConfigRenderOptions.concise()));
    }

    /** Reads a scenario back from {@link Loaded#text}; {@code source} names where it came from. */
    public static Scenario fromText(String text, String source) throws ScenarioException {
        Problems problems = new Problems(Path.of(source));
        Config config;
        try {
            config = com.typesafe.config.ConfigFactory.parseString(text,
                    ConfigParseOptions.defaults().setOriginDescription(source));
        } catch (ConfigException e) {
            problems.add(e);
            throw problems.exception();
        }
        Scenario result = new ScenarioReader(problems).read(config.root(), source);
        if (problems.size() > 0) {
            throw problems.exception();
        }
        return result;
    }

    private static Optional<Config> parse(Path file, Problems problems) {
        if (!Files.isRegularFile(file)) {
            problems.addToFile(Files.exists(file) ? "not a regular file" : "no such file");
            return Optional.empty();
        }
        ConfigParseOptions options = ConfigParseOptions.defaults()
                .setAllowMissing(false)
                .setSyntax(ConfigSyntax.CONF)
                .setIncluder(new StrictIncluder(file));
        try {
            return Optional.of(ConfigFactory.parseFile(file.toAbsolutePath().toFile(), options));
        } catch (ConfigException e) {
            problems.add(e);
            return Optional.empty();
        }
    }

    /** The overrides as HOCON values by key, sorted; a key that is not a HOCON path is a problem. */
    private static Map<String, ConfigValue> overrides(Map<String, String> overrides, Problems problems) {
        Map<String, ConfigValue> values = new TreeMap<>();
        overrides.forEach((key, raw) -> {
            try {
                ConfigUtil.splitPath(key);
                values.put(key, overrideValue(raw));
            } catch (ConfigException.BadPath bad) {
                problems.addToCommandLine(key, "not a valid key (write e.g. machine.cpus=2)");
            }
        });
        return values;
    }

    /**
     * Each override replaces the value at its key. Set into the file's objects (rather than merged over them), they
     * keep their origins, so a problem with the file still has its line.
     */
    private static Config withOverrides(Config scenario, Map<String, ConfigValue> overrides) {
        Config config = scenario;
        for (Map.Entry<String, ConfigValue> e : overrides.entrySet()) {
            config = config.withValue(e.getKey(), e.getValue());
        }
        return config;
    }

    /**
     * An override as a HOCON value ({@code 2} a number, {@code 24 MiB} a string, {@code [ ... ]} a list), or as the
     * plain string if it is not one value.
     */
    private static ConfigValue overrideValue(String raw) {
        try {
            Config parsed = ConfigFactory.parseString("value = " + raw, OVERRIDE_OPTIONS);
            if (parsed.root().keySet().equals(Set.of("value"))) {
                return parsed.root().get("value");
            }
        } catch (ConfigException notOneValue) {
            // taken as the string it is, below
        }
        return ConfigValueFactory.fromAnyRef(raw, Problems.COMMAND_LINE);
    }

    /** Substitutions ({@code processes += {...}}, {@code ${machine.memory}}) within the scenario only. */
    private static Optional<Config> resolve(Config config, Problems problems) {
        try {
            return Optional.of(config.resolve(ConfigResolveOptions.noSystem()));
        } catch (ConfigException e) {
            problems.add(e);
            return Optional.empty();
        }
    }
}
