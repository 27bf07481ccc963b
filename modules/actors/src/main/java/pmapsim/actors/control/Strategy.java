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
            String file = s.substring(7);
            String text;
            try {
                text = java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalArgumentException("cannot read the schedule " + file + ": no such file");
            } catch (java.io.IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read the schedule " + file + ": "
                        + (e instanceof java.nio.charset.MalformedInputException ? "not a text file"
                        : e.getClass().getSimpleName() + " " + e.getMessage()));
            }
            String[] parts = text.isEmpty() ? new String[0] : text.split("[,\\s]+");
            int[] d = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    d[i] = Integer.parseInt(parts[i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("cannot read the schedule " + file + ": decision " + (i + 1)
                            + " is \"" + (parts[i].length() > 40 ? parts[i].substring(0, 40) + "..." : parts[i])
                            + "\", not a number (minimize writes schedules: comma-separated numbers)");
                }
            }
            return new ReplayStrategy(d);
        }
        throw new IllegalArgumentException("unknown strategy '" + spec + "' (random, pct, pct:DEPTH, replay:FILE)");
    }

    List<String> NAMES = List.of("random", "pct");
}
