package pmapsim.actors.control;

import java.util.List;
import java.util.SplittableRandom;

/** Uniform choice among the runnable actors at every step. */
public final class RandomStrategy implements Strategy {
    private final SplittableRandom rng;

    public RandomStrategy(long seed) {
        this.rng = new SplittableRandom(seed);
    }

    @Override
    public int next(List<String> runnable, long step) {
        return runnable.size() == 1 ? 0 : rng.nextInt(runnable.size());
    }

    @Override
    public String describe() {
        return "random";
    }
}
