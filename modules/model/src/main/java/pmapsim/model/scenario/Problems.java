package pmapsim.model.scenario;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems found while loading one scenario. Each is placed by the origin of the value it is about: the file
 * (shown relative to the scenario file as it was given) and line, or {@value #COMMAND_LINE} for an override.
 */
final class Problems {
    static final String COMMAND_LINE = "command line";

    private final Path source;
    private final Path sourceDir;
    private final List<Problem> problems = new ArrayList<>();

    Problems(Path source) {
        this.source = source;
        this.sourceDir = source.toAbsolutePath().normalize().getParent();
    }

    void add(ConfigOrigin origin, String key, String message) {
        problems.add(new Problem(file(origin), line(origin), key, message));
    }

    /** A HOCON syntax, include or substitution error: placed by its origin, without the origin repeated. */
    void add(ConfigException e) {
        String message = e.getMessage();
        String prefix = e.origin() == null ? "" : e.origin().description() + ": ";
        add(e.origin(), "", message.startsWith(prefix) ? message.substring(prefix.length()) : message);
    }

    void addToFile(String message) {
        problems.add(new Problem(source.toString(), 0, "", message));
    }

    void addToCommandLine(String key, String message) {
        problems.add(new Problem(COMMAND_LINE, 0, key, message));
    }

    int size() {
        return problems.size();
    }

    ScenarioException exception() {
        return new ScenarioException(problems);
    }

    private String file(ConfigOrigin origin) {
        if (origin == null) {
            return source.toString();
        }
        if (origin.filename() != null) {
            return shown(Path.of(origin.filename()).toAbsolutePath().normalize());
        }
        return isCommandLine(origin) ? COMMAND_LINE : source.toString();
    }

    private static int line(ConfigOrigin origin) {
        return origin == null || isCommandLine(origin) ? 0 : Math.max(0, origin.lineNumber());
    }

    private static boolean isCommandLine(ConfigOrigin origin) {
        return origin.filename() == null && origin.description().startsWith(COMMAND_LINE);
    }

    /** A file next to (or below) the scenario's directory, as the user would name it; others as they are. */
    private String shown(Path file) {
        if (sourceDir == null || !file.startsWith(sourceDir)) {
            return file.toString();
        }
        Path relative = sourceDir.relativize(file);
        Path given = source.getParent();
        return (given == null ? relative : given.resolve(relative)).toString();
    }
}
