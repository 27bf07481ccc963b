package pmapsim.model.policy;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The registry of emergency policies by name (as Caffeine's simulator registers its policies). */
public final class Policies {
    private static final SortedMap<String, Supplier<Policy>> REGISTRY = new TreeMap<>();

    static {
        REGISTRY.put(Netbsd1998.NAME, Netbsd1998::new);
        REGISTRY.put(Netbsd2000.NAME, Netbsd2000::new);
        REGISTRY.put(Canfail.NAME, Canfail::new);
        REGISTRY.put(CheckedCollect.NAME, CheckedCollect::new);
    }

    private Policies() {
    }

    public static Optional<Policy> byName(String name) {
        Supplier<Policy> s = REGISTRY.get(name);
        return s == null ? Optional.empty() : Optional.of(s.get());
    }

    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }
}
