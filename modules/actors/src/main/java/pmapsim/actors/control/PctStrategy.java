package pmapsim.actors.control;

import java.util.List;
import java.util.SplittableRandom;
import java.util.HashMap;

/**
 * Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi and Nagarakatte, ASPLOS 2010). Every actor gets a
 * random priority when it first becomes runnable; the runnable actor with the highest priority always goes next. At
 * {@code depth - 1} change points, chosen at random among the first {@code steps} steps, the actor about to run drops
 * to a priority below every initial one. A bug that needs {@code depth} ordering constraints is found with probability
 * at least 1 / (n * steps^(depth-1)) per run.
 */
public final class PctStrategy implements Strategy {
    /** The expected length of a run in steps (turns), where the change points are drawn. */
    public static final long DEFAULT_STEPS = 60_000;

    private final SplittableRandom rng;
    private final int depth;
    private final long[] changePoints;
    /** Only looked up, never iterated: a hash map (a tree map's string comparisons were a few percent of a step). */
    private final HashMap<String, Long> priority = new HashMap<>();
    private int nextChange;

    public PctStrategy(long seed, int depth, long steps) {
        this.rng = new SplittableRandom(seed);
        this.depth = depth;
        this.changePoints = new long[depth - 1];
        for (int i = 0; i < changePoints.length; i++) {
            changePoints[i] = 1 + rng.nextLong(steps);
        }
        java.util.Arrays.sort(changePoints);
    }

    @Override
    public int next(List<String> runnable, long step) {
        int best = highest(runnable);
        while (nextChange < changePoints.length && changePoints[nextChange] <= step) {
            // the actor about to run drops below every initial priority, and below earlier change points' victims
            priority.put(runnable.get(best), (long) (depth - 1 - nextChange));
            nextChange++;
            best = highest(runnable);
        }
        return best;
    }

    private int highest(List<String> runnable) {
        int best = 0;
        long bestPriority = Long.MIN_VALUE;
        for (int i = 0; i < runnable.size(); i++) {
            // first runnable: its priority is drawn now, in the runnable list's order
            long p = priority.computeIfAbsent(runnable.get(i), a -> depth + 1 + rng.nextLong(1L << 40));
            if (p > bestPriority) {
                best = i;
                bestPriority = p;
            }
        }
        return best;
    }

    @Override
    public String describe() {
        return "pct:" + depth;
    }
}
