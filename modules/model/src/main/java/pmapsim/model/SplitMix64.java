package pmapsim.model;

/**
 * A seeded random source whose whole state is one {@code long}, so it can travel in messages and events and be
 * replayed exactly. Model code takes randomness only from here (never {@code Math.random} or an unseeded Random).
 */
public final class SplitMix64 {
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** A child stream for an actor or a process, independent of its siblings, derived from a seed and a name. */
    public static long derive(long seed, String name) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < name.length(); i++) {
            h = mix(h + name.charAt(i));
        }
        return mix(h);
    }

    public static long derive(long seed, long n) {
        return mix(seed ^ mix(n + 0x632BE59BD9B4E019L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long state() {
        return state;
    }

    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound " + bound);
        }
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }
}
