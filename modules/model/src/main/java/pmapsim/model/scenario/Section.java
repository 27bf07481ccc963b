package pmapsim.model.scenario;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * One HOCON object of a scenario, read key by key into Java values. A key the scenario does not set takes its value
 * from {@code defaults}; a key in neither is missing. Every value that cannot be used is recorded as a problem and
 * read as a harmless placeholder, so reading goes on and every problem is found. The keys read are the keys known:
 * {@link #rejectUnknownKeys()} reports the others.
 */
final class Section {
    private static final ConfigObject NONE = ConfigFactory.empty().root();

    private final String path;
    private final ConfigOrigin origin;
    private final ConfigObject values;
    private final ConfigObject defaults;
    private final boolean broken;
    private final Problems problems;
    private final Set<String> read = new java.util.TreeSet<>(); // sorted: suggestions tie-break alike every time

    private Section(String path, ConfigOrigin origin, ConfigObject values, ConfigObject defaults, boolean broken,
                    Problems problems) {
        this.path = path;
        this.origin = origin;
        this.values = values;
        this.defaults = defaults;
        this.broken = broken;
        this.problems = problems;
    }

    static Section root(ConfigObject values, ConfigObject defaults, Problems problems) {
        return new Section("", values.origin(), values, defaults, false, problems);
    }

    /** The keys the scenario sets here, sorted. */
    SortedSet<String> keys() {
        return new TreeSet<>(values.keySet());
    }

    /** The object at {@code key}; an empty one (with the defaults) if it is not set or is not an object. */
    Section child(String key) {
        read.add(key);
        ConfigObject childDefaults = defaults.get(key) instanceof ConfigObject o ? o : NONE;
        ConfigValue v = values.get(key);
        if (v == null) {
            return new Section(path(key), origin, NONE, childDefaults, broken, problems);
        }
        if (v instanceof ConfigObject o) {
            return new Section(path(key), v.origin(), o, childDefaults, false, problems);
        }
        problem(key, "must be an object { ... }, not " + show(v));
        return new Section(path(key), v.origin(), NONE, childDefaults, true, problems);
    }

    /**
     * The objects of the list at {@code key}, each with {@code elementDefaults}; {@code ifEmpty} is the problem an
     * empty list is. Elements that are not objects are problems and left out.
     */
    List<Section> elements(String key, ConfigObject elementDefaults, String ifEmpty) {
        ConfigValue v = value(key);
        List<Section> elements = new ArrayList<>();
        if (v == null) {
            return elements;
        }
        if (!(v instanceof ConfigList list)) {
            problem(key, "must be a list [ ... ], not " + show(v));
            return elements;
        }
        if (list.isEmpty()) {
            problem(key, ifEmpty);
        }
        for (int i = 0; i < list.size(); i++) {
            String elementPath = path(key) + "[" + i + "]";
            if (list.get(i) instanceof ConfigObject o) {
                elements.add(new Section(elementPath, o.origin(), o, elementDefaults, false, problems));
            } else {
                problems.add(list.get(i).origin(), elementPath, "must be an object { ... }, not " + show(list.get(i)));
            }
        }
        return elements;
    }

    String string(String key) {
        ConfigValue v = value(key);
        String s = v == null ? null : stringOf(key, v);
        return s == null ? "" : s;
    }

    /** A string that must be one of {@code names}; {@code noun} names what it is in the message ("image"). */
    String oneOf(String key, Collection<String> names, String noun) {
        ConfigValue v = value(key);
        String s = v == null ? null : stringOf(key, v);
        if (s != null && !names.contains(s)) {
            String known = names.isEmpty() ? "there are none" : "there are: " + String.join(", ", names);
            problem(key, "no " + noun + " named \"" + s + "\" (" + known + ")");
        }
        return s == null ? "" : s;
    }

    int intIn(String key, int min, int max) {
        return (int) longIn(key, min, max);
    }

    long longIn(String key, long min, long max) {
        ConfigValue v = value(key);
        if (v == null) {
            return min;
        }
        BigDecimal n = number(v);
        if (n == null || n.stripTrailingZeros().scale() > 0) {
            problem(key, "must be a whole number, not " + show(v));
            return min;
        }
        return inRange(key, v, n, min, max, String::valueOf);
    }

    /** A size in bytes: a number of bytes or a string such as {@code "24 MiB"} (see {@link Sizes}). */
    long bytes(String key, long min, long max) {
        ConfigValue v = value(key);
        if (v == null) {
            return min;
        }
        if (v.valueType() != ConfigValueType.NUMBER && v.valueType() != ConfigValueType.STRING) {
            problem(key, "must be a size such as \"24 MiB\", not " + show(v));
            return min;
        }
        try {
            return inRange(key, v, BigDecimal.valueOf(Sizes.parse(String.valueOf(v.unwrapped()))), min, max,
                    Sizes::format);
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage());
            return min;
        }
    }

    /** A duration of at least zero, in microseconds (HOCON durations: {@code 700ms}, {@code 20s}, {@code 2h}). */
    long duration(String key) {
        return micros(key, 0, "must not be negative");
    }

    /** A duration of at least one microsecond, in microseconds. */
    long positiveDuration(String key) {
        return micros(key, 1, "must be longer than zero");
    }

    boolean bool(String key) {
        ConfigValue v = value(key);
        Boolean b = v == null ? null : booleanOf(v);
        if (v != null && b == null) {
            problem(key, "must be true or false, not " + show(v));
        }
        return Boolean.TRUE.equals(b);
    }

    /** A key that can only be {@code true} ({@code wait = true}). */
    void requireTrue(String key) {
        ConfigValue v = value(key);
        if (v != null && !Boolean.TRUE.equals(booleanOf(v))) {
            problem(key, "must be true (write " + key + " = true), not " + show(v));
        }
    }

    /** A problem with {@code key}, placed at its value, or at this object if it is not set. */
    void problem(String key, String message) {
        ConfigValue v = values.get(key);
        problems.add(v == null ? origin : v.origin(), path(key), message);
    }

    /** A problem with this object as a whole. */
    void problem(String message) {
        problems.add(origin, path, message);
    }

    /** Reports every key set here that was not read: a typo, or a key that does not belong here. */
    void rejectUnknownKeys() {
        for (String key : keys()) {
            if (!read.contains(key)) {
                problem(key, "unknown key" + suggestion(key));
            }
        }
    }

    private ConfigValue value(String key) {
        read.add(key);
        ConfigValue v = values.get(key);
        if (v == null) {
            v = defaults.get(key);
        }
        if (v == null && !broken) {
            problems.add(origin, path(key), "missing: it has no default, the scenario must set it");
        }
        return v;
    }

    private long micros(String key, long min, String tooSmall) {
        ConfigValue v = value(key);
        if (v == null) {
            return min;
        }
        Duration d;
        try {
            d = v.atKey("d").getDuration("d");
        } catch (ConfigException e) {
            problem(key, "must be a duration such as 700ms, 20s or 2h, not " + show(v));
            return min;
        }
        long micros = TimeUnit.MICROSECONDS.convert(d);
        if (micros < min) {
            problem(key, tooSmall + ", not " + show(v));
            return min;
        }
        return micros;
    }

    private long inRange(String key, ConfigValue v, BigDecimal n, long min, long max,
                         LongFunction<String> format) {
        if (n.compareTo(BigDecimal.valueOf(min)) < 0) {
            problem(key, "must be at least " + format.apply(min) + ", not " + show(v));
            return min;
        }
        if (n.compareTo(BigDecimal.valueOf(max)) > 0) {
            problem(key, "must be at most " + format.apply(max) + ", not " + show(v));
            return min;
        }
        return n.longValueExact();
    }

    private String stringOf(String key, ConfigValue v) {
        return switch (v.valueType()) {
            case STRING, NUMBER, BOOLEAN -> String.valueOf(v.unwrapped());
            default -> {
                problem(key, "must be a string, not " + show(v));
                yield null;
            }
        };
    }

    /** HOCON's number conversion: a number, or a string that is one ({@code "2"}). Null if it is neither. */
    private static BigDecimal number(ConfigValue v) {
        if (v.valueType() != ConfigValueType.NUMBER && v.valueType() != ConfigValueType.STRING) {
            return null;
        }
        try {
            return new BigDecimal(String.valueOf(v.unwrapped()).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** HOCON's boolean conversion: true/false, or the strings true, yes, on, false, no, off. Null otherwise. */
    private static Boolean booleanOf(ConfigValue v) {
        if (v.valueType() == ConfigValueType.BOOLEAN) {
            return (Boolean) v.unwrapped();
        }
        if (v.valueType() != ConfigValueType.STRING) {
            return null;
        }
        return switch ((String) v.unwrapped()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> null;
        };
    }

    private static String show(ConfigValue v) {
        return switch (v.valueType()) {
            case OBJECT -> "an object";
            case LIST -> "a list";
            default -> v.render(ConfigRenderOptions.concise());
        };
    }

    private String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** " (did you mean cpus?)" when a known key is within two edits of {@code key}. */
    private String suggestion(String key) {
        return read.stream()
                .filter(known -> editDistance(known, key) <= 2)
                .min((a, b) -> Integer.compare(editDistance(a, key), editDistance(b, key)))
                .map(known -> " (did you mean " + known + "?)")
                .orElse("");
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
