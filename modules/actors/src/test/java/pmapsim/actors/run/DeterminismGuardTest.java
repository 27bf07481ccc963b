package pmapsim.actors.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Model logic reads time only from its messages and randomness only from seeded {@code SplitMix64} streams, and
 * never lets hash order decide anything (docs/determinism.md). This guard reads the sources of the model and the
 * actors and fails on a wall clock, an unseeded random source, or iteration over a hash map's or set's order. The
 * places that read the wall clock are {@code Simulation}, to report {@code wall_ms}, the journal plugin, to
 * give up waiting for a database, and the controlled {@code World}, to give up waiting for Pekko's own threads
 * (never to choose what runs next); none is model logic. An iteration over a hash container whose order cannot
 * matter (its result is sorted next) says so on its line with {@code // order-free: REASON}.
 */
class DeterminismGuardTest {
    static final List<Path> ROOTS = List.of(Path.of("../model/src/main/java"), Path.of("src/main/java"));
    static final Set<String> ALLOWED_CLOCK = Set.of("Simulation.java", "WriteBehindJournal.java", "World.java");
    static final Pattern CLOCK = Pattern.compile(
            "System\\.(currentTimeMillis|nanoTime)|Instant\\.now|LocalDate(Time)?\\.now|Clock\\.system");
    static final Pattern RANDOM = Pattern.compile("Math\\.random|new (java\\.util\\.)?Random\\(|ThreadLocalRandom"
            + "|SecureRandom|UUID\\.randomUUID");
    /**
     * forEach / for-each / stream over a field declared as a HashMap or HashSet, or as one of HPPC's primitive hash
     * containers ({@code LongObjectHashMap}...), whose iteration order even differs from one instance to the next
     */
    static final Pattern HASH_FIELD = Pattern.compile("(\\w+)\\s*=\\s*new\\s+((Long|Int)\\w*)?Hash(Map|Set)[<(]");

    /**
     * The comment that marks an iteration whose order cannot matter, on its line (the result is sorted next, say):
     * the reviewer reads the reason, the guard lets that one line through.
     */
    static final String ORDER_FREE = "// order-free: ";

    static List<Path> sources() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : ROOTS) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void theGuardReadsTheModelAndTheActors() throws IOException {
        List<String> names = sources().stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.contains("Pmap.java") && names.contains("Thresholds.java"), names.toString());
    }

    @Test
    void noWallClockInModelLogic() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path p : sources()) {
            if (ALLOWED_CLOCK.contains(p.getFileName().toString())) {
                continue;
            }
            grep(p, CLOCK, found);
        }
        assertEquals(List.of(), found);
    }

    @Test
    void noUnseededRandomness() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path p : sources()) {
            grep(p, RANDOM, found);
        }
        assertEquals(List.of(), found);
    }

    @Test
    void noIterationOverHashOrder() throws IOException {
        List<String> found = new ArrayList<>();
        int hashFields = 0;
        for (Path p : sources()) {
            hashFields += hashOrderIterations(p.getFileName().toString(), Files.readString(p), found);
        }
        assertTrue(hashFields > 3, "the guard found the hash maps it watches: " + hashFields);
        assertEquals(List.of(), found);
    }

    @Test
    void theGuardSeesHppcMapsLeavesLinkedMapsAloneAndLetsAMarkedLineThrough() {
        List<String> found = new ArrayList<>();
        int fields = hashOrderIterations("A.java", """
                final LongObjectHashMap<Anon> anons = new LongObjectHashMap<>();
                final Map<Long, Long> amap = new HashMap<>();
                final LinkedHashMap<String, Handle> lru = new LinkedHashMap<>();
                void f() {
                    for (var c : anons) { }
                    amap.keySet().stream();
                    lru.values().forEach(x -> { });
                }
                """, found);
        assertEquals(2, fields);
        assertEquals(List.of("A.java: iterates over hash-ordered anons", "A.java: iterates over hash-ordered amap"),
                found);
        found.clear();
        hashOrderIterations("C.java", """
                final Map<Long, Long> amap = new HashMap<>();
                void f() {
                    for (long vpn : amap.keySet()) { // order-free: sorted next
                    }
                }
                """, found);
        assertEquals(List.of(), found, "a line marked order-free passes");
        hashOrderIterations("D.java", """
                final Map<Long, Long> amap = new HashMap<>();
                void f() {
                    for (long vpn : amap.keySet()) { // order-free: sorted next
                    }
                    amap.values().forEach(v -> { });
                }
                """, found);
        assertEquals(List.of("D.java: iterates over hash-ordered amap"), found, "only the marked line passes");
        found.clear();
        hashOrderIterations("B.java",
                "final IntIntHashMap m = new IntIntHashMap(); void f() { m.keys().forEach(k -> k); }", found);
        assertEquals(List.of("B.java: iterates over hash-ordered m"), found);
    }

    /** Adds to {@code found} each hash-ordered field that the source {@code text} iterates; returns how many it has. */
    private static int hashOrderIterations(String file, String text, List<String> found) {
        int hashFields = 0;
        var m = HASH_FIELD.matcher(text);
        while (m.find()) {
            hashFields++;
            String field = m.group(1);
            Pattern iterated = Pattern.compile("(:\\s*" + field + "(\\.(values|keySet|entrySet|keys)\\(\\))?\\))"
                    + "|(\\b" + field + "(\\.(values|keySet|entrySet|keys)\\(\\))?\\.(forEach|stream|iterator)\\()");
            var it = iterated.matcher(text);
            while (it.find()) {
                int from = text.lastIndexOf('\n', it.start()) + 1;
                int to = text.indexOf('\n', it.end());
                if (!text.substring(from, to < 0 ? text.length() : to).contains(ORDER_FREE)) {
                    found.add(file + ": iterates over hash-ordered " + field);
                    break;
                }
            }
        }
        return hashFields;
    }

    private static void grep(Path p, Pattern pattern, List<String> found) throws IOException {
        List<String> lines = Files.readAllLines(p);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String code = line.contains("//") ? line.substring(0, line.indexOf("//")) : line;
            if (!code.trim().startsWith("*") && pattern.matcher(code).find()) {
                found.add(p.getFileName() + ":" + (i + 1) + ": " + line.trim());
            }
        }
    }
}
