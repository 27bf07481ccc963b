package pmapsim.bench;

import java.util.Arrays;

/** One measured figure over several rounds: the median, with the spread (min and max) beside it. */
public record Figure(double median, double min, double max, int rounds) {

    public static Figure of(double... samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] s = samples.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new Figure(median, s[0], s[n - 1], n);
    }
}
