package pmapsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * pmapsim in a JVM of its own, as a user starts it, for the tests where a separate process is the point (a database
 * that dies under it, two processes on one journal): the CLI's own logging configuration, stdout and stderr kept in
 * files, killed if a test leaves it running.
 */
final class Child implements AutoCloseable {
    final Process process;
    final Path out;
    final Path err;

    private Child(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static Child start(Path dir, String name, String... args) throws IOException {
        return start(dir, name, List.of(), args);
    }

    /** @param jvm options for the JVM ({@code -Xmx48m}) */
    static Child start(Path dir, String name, List<String> jvm, String... args) throws IOException {
        return start(dir, name, jvm, Main.class, args);
    }

    /** @param main the class whose {@code main} the JVM runs: pmapsim's, or a test's around it */
    static Child start(Path dir, String name, List<String> jvm, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss4m"));
        command.addAll(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        java.net.URL logback = Main.class.getResource("/logback.xml"); // the CLI's, not a test module's
        if (logback != null) {
            command.add("-Dlogback.configurationFile=" + logback);
        }
        command.add(main.getName());
        command.addAll(List.of(args));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Child(p, out, err);
    }

    /** Waits for the exit, at most {@code seconds}; -1 when it is still running. */
    int waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    String out() throws IOException {
        return Files.readString(out);
    }

    String err() throws IOException {
        return Files.readString(err);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits, at most a minute, until this process owns the shared H2 file {@code db}: its lock file names the server
     * through which other processes join. A test that opened the file before then would race the child for the lock,
     * and a test that opens and closes it every 100 ms can keep the child out for longer than the child waits.
     */
    boolean ownsH2(Path db) throws IOException, InterruptedException {
        Path lock = Path.of(db + ".lock.db");
        for (int i = 0; i < 600 && process.isAlive(); i++) {
            if (Files.exists(lock)) {
                try {
                    if (Files.readString(lock).contains("server=")) {
                        return true;
                    }
                } catch (IOException beingRewritten) {
                    // the lock file is deleted and written again while H2 takes it: look again
                }
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        return false;
    }

    /**
     * The seed scenario with 256 MiB and six more makes: about 170,000 events, seconds of work, long enough to do
     * something to its journal while it runs. Written with the scenarios it includes into {@code dir}.
     */
    static Path longScenario(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String f : List.of("alpha-1998.conf", Cli.CLEANDIR)) {
            Path to = dir.resolve(f);
            if (!Files.exists(to)) {
                Files.copy(Path.of(Cli.scenario(f)), to);
            }
        }
        StringBuilder s = new StringBuilder("include \"" + Cli.CLEANDIR + "\"\nname = long\nmachine.memory = \"256 MiB\"\n");
        for (int i = 1; i <= 6; i++) {
            s.append("workload.processes += { command = make, program = make-cleandir, start-at = ").append(60 + i)
                    .append("s }\n");
        }
        return Files.writeString(dir.resolve("long.conf"), s);
    }
}
