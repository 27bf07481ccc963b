package pmapsim.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmapsim.model.scenario.ScenarioException;

/**
 * What every bench's command line does around its measurement: {@code --help}, a bad option (the usage, exit 2), the
 * measurement with its progress on stderr and its table on stdout (exit 0), a scenario with problems (exit 2) or any
 * other failure (one line, exit 1).
 */
final class BenchCommand {
    private static final Logger LOG = LoggerFactory.getLogger(BenchCommand.class);

    private BenchCommand() {
    }

    interface Parser<S> {
        S parse(String[] args) throws SeedBench.BadUsage;
    }

    /** Measures with {@code settings}, telling {@code progress} as it goes; returns the table. */
    interface Measurement<S> {
        String table(S settings, Consumer<String> progress) throws Exception;
    }

    /** @param name how error lines begin, e.g. {@code pmapsim bench} */
    static <S> int run(String name, String usage, String[] args, PrintStream out, PrintStream err, Parser<S> parser,
                       Measurement<S> measurement) {
        S settings;
        try {
            if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
                out.print(usage);
                return 0;
            }
            settings = parser.parse(args);
        } catch (SeedBench.BadUsage e) {
            err.println(name + ": " + e.getMessage());
            err.print(usage);
            return 2;
        }
        try {
            String table = measurement.table(settings, err::println);
            out.println();
            out.print(table);
            return 0;
        } catch (ScenarioException e) {
            err.println(name + ": the scenario has problems:");
            err.println(e.getMessage());
            return 2;
        } catch (Exception e) {
            LOG.debug("failed", e);
            err.println(name + ": " + e);
            return 1;
        }
    }
}
