package pmapsim.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated scenario files (seeded, so a failure replays: the message names the seed) never escape the loader as
 * anything but a {@link ScenarioException} with problems that name the file. Mutations: a character dropped, doubled
 * or replaced by one of HOCON's special characters, a number made negative, zero, huge or fractional, a line deleted
 * or repeated, a size unit garbled, a value swapped for a string or a list.
 */
class ScenarioFuzzTest {
    static final int FILES = 1200;
    static final String SPECIALS = "{}[]=:,\"$#/\\\n .+-0123456789eEkKMiBG";

    @TempDir
    Path dir;

    static String mutate(String text, SplittableRandom rng) {
        StringBuilder s = new StringBuilder(text);
        int edits = 1 + rng.nextInt(4);
        for (int e = 0; e < edits && s.length() > 0; e++) {
            int at = rng.nextInt(s.length());
            switch (rng.nextInt(9)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, s.charAt(at));
                case 2 -> s.setCharAt(at, SPECIALS.charAt(rng.nextInt(SPECIALS.length())));
                case 3 -> replaceNumber(s, rng, "-" + (1 + rng.nextInt(1000)));
                case 4 -> replaceNumber(s, rng, "0");
                case 5 -> replaceNumber(s, rng, rng.nextBoolean() ? "99999999999999999999" : "1e300");
                case 6 -> replaceNumber(s, rng, "0.5");
                case 7 -> {
                    List<String> lines = new ArrayList<>(s.toString().lines().toList());
                    int l = rng.nextInt(lines.size());
                    if (rng.nextBoolean()) {
                        lines.remove(l);
                    } else {
                        lines.add(l, lines.get(l));
                    }
                    s.setLength(0);
                    s.append(String.join("\n", lines));
                }
                default -> {
                    int eq = s.indexOf("=", at);
                    if (eq >= 0) {
                        s.insert(eq + 1, rng.nextBoolean() ? " \"text\" " : " [1, 2] ");
                    }
                }
            }
        }
        return s.toString();
    }

    private static void replaceNumber(StringBuilder s, SplittableRandom rng, String with) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(s);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[]{m.start(), m.end()});
        }
        if (!spans.isEmpty()) {
            int[] sp = spans.get(rng.nextInt(spans.size()));
            s.replace(sp[0], sp[1], with);
        }
    }

    @Test
    void mutatedScenariosAreLoadedOrRejectedWithProblemsNeverAnotherException() throws Exception {
        String base = ScenarioFiles.TINY;
        Path seedScenario = ScenarioFiles.write(dir, "seed.conf", base);
        assertEquals("tiny", ScenarioLoader.load(seedScenario, java.util.Map.of()).name());
        int rejected = 0;
        for (int i = 0; i < FILES; i++) {
            long seed = 1000 + i;
            String text = mutate(base, new SplittableRandom(seed));
            Path f = ScenarioFiles.write(dir, "m" + i + ".conf", text);
            try {
                ScenarioLoader.load(f, java.util.Map.of());
            } catch (ScenarioException e) {
                rejected++;
                assertTrue(!e.problems().isEmpty(), "seed " + seed + ": a rejection names no problem");
                for (Problem p : e.problems()) {
                    assertTrue(p.toString().contains("m" + i + ".conf"), "seed " + seed + ": " + p);
                }
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                throw new AssertionError("seed " + seed + " (mutated text below) escaped the loader as " + e
                        + "\n" + text, e);
            } finally {
                Files.delete(f);
            }
        }
        assertTrue(rejected > FILES / 4, "most mutations should break something: " + rejected + " of " + FILES);
    }
}
