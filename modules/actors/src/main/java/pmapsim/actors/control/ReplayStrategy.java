package pmapsim.actors.control;

import java.util.List;

/**
 * Replays a schedule's decisions (the index chosen at each step with more than one runnable actor); past its end, or
 * where a decision is out of range, the first runnable goes (FIFO). Decision 0 everywhere is the plain FIFO schedule,
 * so a schedule is "smaller" the fewer non-zero decisions it has: that is what {@code minimize} shrinks.
 */
public final class ReplayStrategy implements Strategy {
    private final int[] decisions;
    private int next;

    public ReplayStrategy(int[] decisions) {
        this.decisions = decisions.clone();
    }

    public static ReplayStrategy of(List<Integer> decisions) {
        return new ReplayStrategy(decisions.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public int next(List<String> runnable, long step) {
        int d = next < decisions.length ? decisions[next] : 0;
        next++;
        return d >= 0 && d < runnable.size() ? d : 0;
    }

    @Override
    public String describe() {
        return "replay";
    }
}
