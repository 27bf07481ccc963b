package pmapsim.model.scenario;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOriginFactory;
import com.typesafe.config.ConfigParseable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Includes of scenario files. {@code include "other.conf"} names a file relative to the including file, and that
 * file must exist: plain HOCON would silently include nothing for a misspelt name, or look the name up on the
 * classpath. An include loop is reported as a loop, naming its files. One includer serves one load: it keeps the
 * chain of files being included.
 */
final class StrictIncluder implements ConfigIncluder {
    private final List<Path> chain = new ArrayList<>();

    StrictIncluder(Path scenario) {
        chain.add(normalized(scenario.toString()));
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        Path including = chain.get(chain.size() - 1);
        ConfigParseable target = context.relativeTo(what);
        if (target == null || target.origin().filename() == null) {
            throw new ConfigException.IO(ConfigOriginFactory.newFile(including.toString()),
                    "cannot include \"" + what + "\": there is no such file next to " + including.getFileName());
        }
        Path file = normalized(target.origin().filename());
        if (chain.contains(file)) {
            throw new ConfigException.Parse(ConfigOriginFactory.newFile(including.toString()),
                    "include loop: " + loop(file));
        }
        chain.add(file);
        try {
            return target.parse(context.parseOptions().setAllowMissing(false));
        } finally {
            chain.remove(chain.size() - 1);
        }
    }

    /** "a.conf -> b.conf -> a.conf" */
    private String loop(Path file) {
        return chain.subList(chain.indexOf(file), chain.size()).stream()
                .map(p -> p.getFileName().toString())
                .collect(Collectors.joining(" -> ", "", " -> " + file.getFileName()));
    }

    private static Path normalized(String file) {
        return Path.of(file).toAbsolutePath().normalize();
    }
}
