package pmapsim.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine;
import pmapsim.model.scenario.Scenario;
import pmapsim.report.RunReport;

/** Runs pmapsim in-process, as {@link Main#main} would, and keeps what it printed. */
record Cli(int code, String out, String err) {

    static Cli exec(String... args) {
        return exec(new Main(), args);
    }

    static Cli exec(Function<Scenario, RunReport> runner, String... args) {
        return exec(new Main(runner), args);
    }

    private static Cli exec(Main main, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(main);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** A scenario file of the repository, found from wherever the tests run (the module or the top). */
    static String scenario(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path p = dir.resolve("config/scenarios").resolve(name);
            if (Files.isRegularFile(p)) {
                return p.toString();
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("config/scenarios/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    static final String CLEANDIR = "alpha-nfs-libc-cleandir.conf";
}
