package pmapsim.actors.control;

import java.util.List;

/**
 * Chooses which runnable actor takes the next turn in controlled mode. {@code runnable} names the actors that have a
 * message waiting (each at most once), in the order they became runnable; the answer is an index into it. A strategy
 * is seeded and holds no other input, so the same seed gives the same choices for the same runnable lists.
 */
public interface Strategy {
    int next(List<String> runnable, long step);

    /** The strategy and its parameters as the command line spells them, e.g. {@code pct:3}. */
    String describe();

    /**
     * A strategy by name: {@code random}, or {@code pct} / {@code pct:D} (probabilistic concurrency testing with bug
     * depth D, default 3).
     */
    static Strategy of(String spec, long seed) {
        String s = spec == null ? "random" : spec.trim();
        if (s.equals("random")) {
            return new RandomStrategy(seed);
        }
        if (s.equals("pct") || s.startsWith("pct:")) {
            int depth = 3;
            if (s.startsWith("pct:")) {
                try {
                    depth = Integer.parseInt(s.substring(4));
                } catch (NumberFormatException e) {
                    depth = 0;
                }
                if (depth < 1 || depth > 100) {
                    throw new IllegalArgumentException("pct depth must be a whole number from 1 to 100: " + spec);
                }
            }
            return new PctStrategy(seed, depth, PctStrategy.DEFAULT_STEPS);
        }
        if (s.startsWith("replay:")) { // a schedule file written by minimize: its decisions, comma separated
            try {
                String text = java.nio.file.Files.readString(java.nio.file.Path.of(s.substring(7))).strip();
                int[] d = text.isEmpty() ? new int[0]
                        : java.util.Arrays.stream(text.split("[,\\s]+")).mapToInt(Integer::parseInt).toArray();
                return new ReplayStrategy(d);
            } catch (java.io.IOException | NumberFormatException e) {
                throw new IllegalArgumentException("cannot read the schedule " + s.substring(7) + ": " + e.getMessage());
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + spec + "' (random, pct, pct:DEPTH, replay:FILE)");
    }

    List<String> NAMES = List.of("random", "pct");
}
