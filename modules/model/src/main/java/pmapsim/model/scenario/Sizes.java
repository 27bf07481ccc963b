package pmapsim.model.scenario;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes, written as in HOCON ({@code Config.getBytes}): a number and an optional unit. Single letters and
 * the IEC forms are binary ({@code K}, {@code k}, {@code Ki}, {@code KiB}, {@code kibibytes} are 1024), the SI
 * forms are decimal ({@code kB}, {@code MB}, {@code GB}, {@code megabytes} are powers of 1000), no unit or {@code B}
 * is bytes. A fraction is allowed if it comes to a whole number of bytes ({@code 1.5 MiB}).
 */
public final class Sizes {
    private static final Map<String, BigDecimal> UNITS = units();
    private static final Pattern SIZE = Pattern.compile("\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)\\s*");
    private static final String[] BINARY = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {
    }

    /**
     * @return the bytes {@code text} stands for, e.g. 25165824 for {@code "24 MiB"}
     * @throws IllegalArgumentException if {@code text} is not a size, is negative, or does not fit in a long
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: \"" + text + "\" (write e.g. 24 MiB, 512 KiB or 8192)");
        }
        BigDecimal unit = UNITS.get(m.group(2));
        if (unit == null) {
            throw new IllegalArgumentException("unknown unit \"" + m.group(2) + "\" in \"" + text
                    + "\" (use B, KiB, MiB, GiB or TiB)");
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(unit);
        if (bytes.signum() < 0) {
            throw new IllegalArgumentException("a size cannot be negative: \"" + text + "\"");
        }
        if (bytes.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("not a whole number of bytes: \"" + text + "\"");
        }
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("too large: \"" + text + "\"");
        }
        return bytes.longValueExact();
    }

    /** The largest binary unit that gives a whole number: {@code "24 MiB"}, {@code "1536 KiB"}, {@code "8193 B"}. */
    public static String format(long bytes) {
        long n = bytes;
        int unit = -1;
        while (n != 0 && n % 1024 == 0 && unit < BINARY.length - 1) {
            n /= 1024;
            unit++;
        }
        return n + " " + (unit < 0 ? "B" : BINARY[unit]);
    }

    /** The unit table of HOCON's {@code MemoryUnit}. */
    private static Map<String, BigDecimal> units() {
        Map<String, BigDecimal> units = new HashMap<>();
        for (String name : new String[] {"", "B", "b", "byte", "bytes"}) {
            units.put(name, BigDecimal.ONE);
        }
        String[] decimal = {"kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"};
        String[] binary = {"kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"};
        for (int i = 0; i < decimal.length; i++) {
            BigDecimal thousands = BigDecimal.valueOf(1000).pow(i + 1);
            String si = i == 0 ? "kB" : upperInitial(decimal[i]) + "B";
            putAll(units, thousands, decimal[i] + "byte", decimal[i] + "bytes", si);

            BigDecimal kibis = BigDecimal.valueOf(1024).pow(i + 1);
            String letter = upperInitial(binary[i]);
            putAll(units, kibis, binary[i] + "byte", binary[i] + "bytes", letter, letter.toLowerCase(Locale.ROOT),
                    letter + "i", letter + "iB");
        }
        return Map.copyOf(units);
    }

    private static void putAll(Map<String, BigDecimal> units, BigDecimal value, String... names) {
        for (String name : names) {
            units.put(name, value);
        }
    }

    private static String upperInitial(String prefix) {
        return prefix.substring(0, 1).toUpperCase(Locale.ROOT);
    }
}
