package pmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pmapsim.journal.JournalSettings;

/**
 * The catalogue of bad input (issue 7), as a user meets it on the command line: broken scenario files and command-line
 * mistakes. Each is exit 2 with a message that names what is wrong and where, no stack trace, nothing on stdout, and
 * nothing written to the journal the command was pointed at. The scenario loader's own tests ({@code BadScenarioTest},
 * {@code IncludesTest}, {@code ScenarioFuzzTest} in the model) check every key; this checks the path through the CLI.
 */
class BadInputTest {
    /** A small valid scenario; each bad one changes it. 14 lines: an appended line is line 15. */
    static final String TINY = """
            name = "tiny"
            machine {
              cpus = 1
              memory = 8 MiB
            }
            workload {
              images {
                sh { text = 4, data = 1, heap = 2, stack = 1 }
              }
              programs {
                run = [ { exec = sh }, { touch = heap, pages = 2, write = true }, { exit = true } ]
              }
              processes = [ { command = sh, program = run } ]
            }
            """;

    @TempDir
    static Path dir;
    static JournalSettings journal;
    static String j;

    /** Held open for the class: the journal stays open in this JVM, and each check is a query, not an open. */
    static Connection watch;

    @BeforeAll
    static void aJournalThatExists() throws java.sql.SQLException {
        journal = JournalSettings.h2(dir.resolve("journal"));
        j = "h2:" + dir.resolve("journal");
        assertEquals(0, Cli.exec("runs", "--journal", j).code(), "the journal is created empty");
        watch = DriverManager.getConnection(journal.url(), journal.user(), journal.password());
    }

    @AfterAll
    static void close() throws java.sql.SQLException {
        watch.close();
    }

    /** label, the scenario's text, the line of the problem, the key, a part of the message. */
    static Stream<Arguments> badScenarios() {
        String noWorkload = TINY.substring(0, TINY.indexOf("workload {"));
        return Stream.of(
                arguments("syntax error", TINY + "machine {\n  cpus = [1\n}\n", 17, "", ""),
                arguments("unknown key", TINY + "machine.cpu = 2\n", 15, "machine.cpu", "unknown key (did you mean cpus?)"),
                arguments("unknown section", TINY + "machin { cpus = 2 }\n", 15, "machin",
                        "unknown key (did you mean machine?)"),
                arguments("wrong type: word for a number", TINY + "machine.cpus = two\n", 15, "machine.cpus",
                        "must be a whole number, not \"two\""),
                arguments("wrong type: object for a list", TINY
                        + "workload.processes = { command = sh, program = run }\n", 15, "workload.processes",
                        "must be a list [ ... ], not an object"),
                arguments("wrong type: boolean", TINY
                        + "workload.programs.run = [ { touch = heap, write = maybe } ]\n", 15,
                        "workload.programs.run[0].write", "must be true or false, not \"maybe\""),
                arguments("negative size", TINY + "machine.memory = -1 MiB\n", 15, "machine.memory",
                        "a size cannot be negative: \"-1 MiB\""),
                arguments("negative duration", TINY + "uvm.maxslp = -1s\n", 15, "uvm.maxslp", "must not be negative"),
                arguments("negative count", TINY + "workload.images.sh.heap = -1\n", 15, "workload.images.sh.heap",
                        "must be at least 0, not -1"),
                arguments("zero CPUs", TINY + "machine.cpus = 0\n", 15, "machine.cpus", "must be at least 1, not 0"),
                arguments("zero memory", TINY + "machine.memory = 0\n", 15, "machine.memory",
                        "must be at least 1 B, not 0"),
                arguments("zero event budget", TINY + "limits.max-events = 0\n", 15, "limits.max-events",
                        "must be at least 1, not 0"),
                arguments("zero processes", TINY + "workload.processes = []\n", 15, "workload.processes",
                        "no processes: nothing would run"),
                arguments("memory smaller than the kernel", TINY + "machine.memory = 4 MiB\n", 15, "machine.memory",
                        "memory 4 MiB is smaller than what the firmware and kernel keep (5 MiB)"),
                arguments("more CPUs than the model supports", TINY + "machine.cpus = 65\n", 15, "machine.cpus",
                        "must be at most 64, not 65"),
                arguments("absurd memory", TINY + "machine.memory = 2 TiB\n", 15, "machine.memory",
                        "must be at most 1 TiB, not \"2 TiB\""),
                arguments("absurd process count", TINY
                        + "workload.processes = [ { command = sh, program = run, count = 99999999999 } ]\n", 15,
                        "workload.processes[0].count", "must be at most 2147483647, not 99999999999"),
                arguments("page size not a power of two", TINY + "machine.page-size = 3000\n", 15,
                        "machine.page-size", "must be a power of two (4096, 8192, 16384 ...), not 3000"),
                arguments("unknown policy", TINY + "machine.policy = netbsd-2001\n", 15, "machine.policy",
                        "no policy named \"netbsd-2001\""),
                arguments("unknown program", TINY + "workload.processes = [ { command = sh, program = nope } ]\n", 15,
                        "workload.processes[0].program", "no program named \"nope\" (there are: run)"),
                arguments("the environment", TINY + "description = ${HOME}\n", 15, "", ""),
                arguments("missing workload", noWorkload, 1, "workload.processes", "no processes"),
                arguments("empty file", "", 1, "name", "missing: it has no default, the scenario must set it"),
                arguments("binary garbage", "\u00ff\u00fe\u0000\u0001garbage", 1, "", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badScenarios")
    void aBadScenarioIsExitTwoNamingFileLineAndKeyAndWritesNothing(String label, String text, int line, String key,
                                                                   String message) throws IOException {
        Path file = dir.resolve(label.replaceAll("\\W+", "-") + ".conf");
        Files.writeString(file, text);
        for (String command : List.of("run", "describe")) {
            List<String> args = new ArrayList<>(List.of(command, file.toString()));
            if (command.equals("run")) {
                args.addAll(List.of("--journal", j));
            }
            Cli r = Cli.exec(args.toArray(String[]::new));
            assertEquals(2, r.code(), command + " " + label + ": " + r.err());
            assertEquals("", r.out(), command + " " + label);
            assertTrue(r.err().startsWith("pmapsim: scenario has "), r.err());
            String where = file + (line > 0 ? ":" + line : "") + ": " + (key.isEmpty() ? "" : key + ": ") + message;
            assertTrue(r.err().contains(where), "expected \"" + where + "\" in:\n" + r.err());
            assertClean(r);
        }
        assertJournalEmpty();
    }

    @Test
    void anIncludeLoopIsExitTwoAndNamesTheLoop() throws IOException {
        Path a = dir.resolve("loop-a.conf");
        Path b = dir.resolve("loop-b.conf");
        Files.writeString(a, "include \"loop-b.conf\"\n" + TINY);
        Files.writeString(b, "include \"loop-a.conf\"\nseed = 2\n");
        Cli r = Cli.exec("run", a.toString(), "--journal", j);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(b + ": include loop: loop-a.conf -> loop-b.conf -> loop-a.conf"), r.err());
        assertClean(r);
        assertJournalEmpty();
    }

    @Test
    void aMissingIncludeIsExitTwoAndNamesTheFile() throws IOException {
        Path top = dir.resolve("top.conf");
        Files.writeString(top, TINY + "include \"machnie.conf\"\n");
        Cli r = Cli.exec("run", top.toString(), "--journal", j);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("cannot include \"machnie.conf\": there is no such file next to top.conf"),
                r.err());
        assertClean(r);
        assertJournalEmpty();
    }

    /** args (the journal option is added where the command takes one), a part of the message. */
    static Stream<Arguments> commandLineMistakes() {
        String s = Cli.scenario(Cli.CLEANDIR);
        Path inTheWay = dir.resolve("a-file");
        Path garbage = dir.resolve("garbage.schedule");
        try {
            Files.writeString(inTheWay, "a file, not a directory\n");
            Files.writeString(garbage, "3,1,x7\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Stream.of(
                arguments(List.of(), "which command?"),
                arguments(List.of("frobnicate"), "Unmatched argument at index 0: 'frobnicate'"),
                arguments(List.of("run"), "Missing required parameter: 'SCENARIO'"),
                arguments(List.of("run", s, "--bogus"), "Unknown option: '--bogus'"),
                arguments(List.of("run", s, "--cpus", "two"), "--cpus"),
                arguments(List.of("run", s, "--cpus", "2147483648"), "'2147483648' is not an int"),
                arguments(List.of("run", s, "--seed", "0x"), "--seed"),
                arguments(List.of("run", s, "--cpus", "0"), "command line: machine.cpus: must be at least 1, not 0"),
                arguments(List.of("run", s, "--cpus", "65"), "command line: machine.cpus: must be at most 64, not 65"),
                arguments(List.of("run", s, "--memory", "1 MiB"),
                        "command line: machine.memory: memory 1 MiB is smaller than what the firmware and kernel keep"),
                arguments(List.of("run", s, "--memory", "-5 MiB"), "a size cannot be negative"),
                arguments(List.of("run", s, "--memory", "24", "MiB"), "quote it, as in --memory \"24 MiB\""),
                arguments(List.of("run", s, "--policy", "bogus"), "command line: machine.policy: no policy named"),
                arguments(List.of("run", s, "--mode", "wild"), "--mode is live or controlled, not 'wild'"),
                arguments(List.of("run", s, "--mode", "controlled", "--strategy", "zzz"), "unknown strategy 'zzz'"),
                arguments(List.of("run", s, "--mode", "controlled", "--strategy",
                        "replay:" + dir.resolve("no.schedule")), "no.schedule: no such file"),
                arguments(List.of("run", s, "--mode", "controlled", "--strategy", "replay:" + garbage),
                        "decision 3 is \"x7\", not a number"),
                arguments(List.of("run", s, "--journal", "bogus"), "--journal: unknown journal \"bogus\""),
                arguments(List.of("run", s, "--journal-url", "jdbc:mysql://x/y"), "--journal-url: unknown journal"),
                arguments(List.of("replay"), "Missing required parameter: 'RUN'"),
                arguments(List.of("replay", "a", "b"), "Unmatched argument at index 2: 'b'"),
                arguments(List.of("stress", s, "--runs", "0"), "--runs wants a number from 1 to 10,000,000, not 0"),
                arguments(List.of("stress", s, "--runs", "2", "--parallel", "0"), "--parallel wants a number"),
                arguments(List.of("stress", s, "--runs", "2", "--fail-on", "nonsense"),
                        "unknown outcome class 'nonsense'"),
                arguments(List.of("stress", s, "--runs", "2", "--max-events", "0"),
                        "limits.max-events: must be at least 1, not 0"),
                arguments(List.of("stress", s, "--runs", "1", "--report", inTheWay.resolve("x.html").toString()),
                        "is in the way (not a directory)"),
                arguments(List.of("minimize", s, "--seed", "1", "-o", inTheWay.resolve("x.conf").toString()),
                        "is in the way (not a directory)"),
                arguments(List.of("minimize", s, "--seed", "x"), "'x' is not a long"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandLineMistakes")
    void aCommandLineMistakeIsExitTwoAtOnceAndWritesNothing(List<String> args, String message) {
        List<String> all = new ArrayList<>(args);
        if (!args.isEmpty() && List.of("run", "stress").contains(args.get(0)) && !String.join(" ", args)
                .contains("--journal")) {
            all.addAll(List.of("--journal", j));
        }
        long start = System.nanoTime();
        Cli r = Cli.exec(all.toArray(String[]::new));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(2, r.code(), all + ": " + r.err());
        assertTrue(r.err().contains(message), "expected \"" + message + "\" in:\n" + r.err());
        assertClean(r);
        assertTrue(ms < 10_000, all + " took " + ms + " ms: a mistake is found before any work");
        assertJournalEmpty();
    }

    /** Nothing on stdout, no stack trace on stderr, no exception's name. */
    static void assertClean(Cli r) {
        assertEquals("", r.out());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception:") || r.err().contains("pmapsim: internal error"),
                "stack trace or internal error on stderr:\n" + r.err());
    }

    /** The journal holds no run and no event: rejected input wrote nothing. */
    static void assertJournalEmpty() {
        assertEquals(0, count(journal, "pmapsim_runs"), "runs in the journal");
        assertEquals(0, count(journal, "event_journal"), "events in the journal");
    }

    static long count(JournalSettings js, String table) {
        try (ResultSet rs = watch.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
