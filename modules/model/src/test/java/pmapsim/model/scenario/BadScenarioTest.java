package pmapsim.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static pmapsim.model.scenario.ScenarioFiles.TINY;
import static pmapsim.model.scenario.ScenarioFiles.about;
import static pmapsim.model.scenario.ScenarioFiles.assertProblem;
import static pmapsim.model.scenario.ScenarioFiles.lineOf;
import static pmapsim.model.scenario.ScenarioFiles.onlyProblem;
import static pmapsim.model.scenario.ScenarioFiles.problems;
import static pmapsim.model.scenario.ScenarioFiles.write;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Scenarios that cannot be used: each problem is found, with its file, line and key. */
class BadScenarioTest {
    @TempDir
    Path dir;

    /** One line appended to {@link ScenarioFiles#TINY} (so it wins over TINY's value), the key, the message. */
    static Stream<Arguments> badLines() {
        return Stream.of(
                arguments("machine.cpus = 0", "machine.cpus", "must be at least 1, not 0"),
                arguments("machine.cpus = 1000", "machine.cpus", "must be at most 64, not 1000"),
                arguments("machine.cpus = 1.5", "machine.cpus", "must be a whole number, not 1.5"),
                arguments("machine.cpus = two", "machine.cpus", "must be a whole number, not \"two\""),
                arguments("machine.cpus = [1, 2]", "machine.cpus", "must be a whole number, not a list"),
                arguments("machine.memory = -1 MiB", "machine.memory", "a size cannot be negative: \"-1 MiB\""),
                arguments("machine.memory = 0", "machine.memory", "must be at least 1 B, not 0"),
                arguments("machine.memory = 2 TiB", "machine.memory", "must be at most 1 TiB, not \"2 TiB\""),
                arguments("machine.memory = 24 MiBs", "machine.memory", "unknown unit \"MiBs\" in \"24 MiBs\""),
                arguments("machine.memory = 4 MiB", "machine.memory",
                        "memory 4 MiB is smaller than what the firmware and kernel keep (5 MiB)"),
                arguments("machine.memory = 5.25 MiB", "machine.memory",
                        "memory 5376 KiB leaves 32 pages beside the firmware, kernel and boot-wired memory (5 MiB):"
                                + " UVM needs at least 64"),
                arguments("machine.page-size = 3000", "machine.page-size",
                        "must be a power of two (4096, 8192, 16384 ...), not 3000"),
                arguments("machine.page-size = 256", "machine.page-size", "must be at least 512 B, not 256"),
                arguments("machine.page-size = 1048576", "machine.page-size", "must be at most 64 KiB, not 1048576"),
                arguments("machine.policy = netbsd-2001", "machine.policy",
                        "no policy named \"netbsd-2001\" (there are: canfail, checked-collect, netbsd-1998, "
                                + "netbsd-2000)"),
                arguments("machine.cpu = 2", "machine.cpu", "unknown key (did you mean cpus?)"),
                arguments("machin { cpus = 2 }", "machin", "unknown key (did you mean machine?)"),
                arguments("machine = 4", "machine", "must be an object { ... }, not 4"),
                arguments("seed = many", "seed", "must be a whole number, not \"many\""),
                arguments("name = [a]", "name", "must be a string, not a list"),
                arguments("uvm.pageout-cluster = 0", "uvm.pageout-cluster", "must be at least 1, not 0"),
                arguments("uvm.uarea-pages = 17", "uvm.uarea-pages", "must be at most 16, not 17"),
                arguments("uvm.scan-batch = 1000000", "uvm.scan-batch", "must be at most 100000, not 1000000"),
                arguments("uvm.maxslp = soon", "uvm.maxslp",
                        "must be a duration such as 700ms, 20s or 2h, not \"soon\""),
                arguments("uvm.maxslp = -1s", "uvm.maxslp", "must not be negative, not \"-1s\""),
                arguments("swap.bandwidth = 0", "swap.bandwidth", "must be at least 1 B, not 0"),
                arguments("swap.retransmit-timeout = 0", "swap.retransmit-timeout", "must be longer than zero, not 0"),
                arguments("swap.rpc-time = { ms = 2 }", "swap.rpc-time", "must be a duration such as"),
                arguments("limits.max-events = 0", "limits.max-events", "must be at least 1, not 0"),
                arguments("limits.max-sim-time = 0s", "limits.max-sim-time", "must be longer than zero, not \"0s\""),
                arguments("limits.stall-time = -10m", "limits.stall-time", "must be longer than zero, not \"-10m\""),
                arguments("workload.images.sh.text = 0", "workload.images.sh.text", "must be at least 1, not 0"),
                arguments("workload.images.sh.stack = 0", "workload.images.sh.stack", "must be at least 1, not 0"),
                arguments("workload.images.sh.heap = -1", "workload.images.sh.heap", "must be at least 0, not -1"),
                arguments("workload.images.sh.bss = 1", "workload.images.sh.bss", "unknown key"),
                arguments("workload.images.csh = 3", "workload.images.csh", "must be an object { ... }, not 3"),
                arguments("workload.programs.run = [ { exec = csh } ]", "workload.programs.run[0].exec",
                        "no image named \"csh\" (there are: sh)"),
                arguments("workload.programs.run = [ { fork = nope } ]", "workload.programs.run[0].fork",
                        "no program named \"nope\" (there are: run)"),
                arguments("workload.programs.run = []", "workload.programs.run", "a program needs at least one op"),
                arguments("workload.programs.run = { exec = sh }", "workload.programs.run",
                        "must be a list [ ... ], not an object"),
                arguments("workload.programs.run = [ exec ]", "workload.programs.run[0]",
                        "must be an object { ... }, not \"exec\""),
                arguments("workload.programs.run = [ { fork = run, wait = true } ]", "workload.programs.run[0]",
                        "an op needs exactly one of exec, touch, grow, fork, wait, sleep, compute, exit;"
                                + " this one has fork and wait (write each op as its own { })"),
                arguments("workload.programs.run = [ { exce = sh } ]", "workload.programs.run[0]",
                        "this one has exce"),
                arguments("workload.programs.run = [ { exec = sh, pages = 2 } ]", "workload.programs.run[0].pages",
                        "unknown key"),
                arguments("workload.programs.run = [ { touch = code } ]", "workload.programs.run[0].touch",
                        "no region named \"code\" (there are: text, data, heap, stack)"),
                arguments("workload.programs.run = [ { touch = heap, pages = 0 } ]",
                        "workload.programs.run[0].pages", "must be at least 1, not 0"),
                arguments("workload.programs.run = [ { touch = heap, times = 0 } ]",
                        "workload.programs.run[0].times", "must be at least 1, not 0"),
                arguments("workload.programs.run = [ { touch = heap, write = maybe } ]",
                        "workload.programs.run[0].write", "must be true or false, not \"maybe\""),
                arguments("workload.programs.run = [ { touch = heap, page = 2 } ]",
                        "workload.programs.run[0].page", "unknown key (did you mean pages?)"),
                arguments("workload.programs.run = [ { grow = 0 } ]", "workload.programs.run[0].grow",
                        "must be at least 1, not 0"),
                arguments("workload.programs.run = [ { wait = false } ]", "workload.programs.run[0].wait",
                        "must be true (write wait = true), not false"),
                arguments("workload.programs.run = [ { sleep = 0 } ]", "workload.programs.run[0].sleep",
                        "must be longer than zero, not 0"),
                arguments("workload.programs.run = [ { compute = -1ms } ]", "workload.programs.run[0].compute",
                        "must not be negative"),
                arguments("workload.processes = [ { command = sh, program = nope } ]",
                        "workload.processes[0].program", "no program named \"nope\" (there are: run)"),
                arguments("workload.processes = [ { command = sh, program = run, count = 0 } ]",
                        "workload.processes[0].count", "must be at least 1, not 0"),
                arguments("workload.processes = [ { command = sh, program = run, deamon = true } ]",
                        "workload.processes[0].deamon", "unknown key (did you mean daemon?)"),
                arguments("workload.processes = [ { command = sh, program = run, start-at = later } ]",
                        "workload.processes[0].start-at", "must be a duration"),
                arguments("workload.processes = [ { program = run } ]", "workload.processes[0].command",
                        "missing: it has no default, the scenario must set it"),
                arguments("workload.processes = [ { command = sh, program = run, daemon = true } ]",
                        "workload.processes", "nothing to complete: every process is a daemon"),
                arguments("workload.processes = []", "workload.processes", "no processes: nothing would run"),
                arguments("workload.processes = { command = sh, program = run }", "workload.processes",
                        "must be a list [ ... ], not an object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void aBadValueIsOneProblemOnItsLine(String line, String key, String message) {
        Path file = write(dir, "bad.conf", TINY + line + "\n");
        assertProblem(onlyProblem(file), file, (int) TINY.lines().count() + 1, key, message);
    }

    @Test
    void aSyntaxErrorGivesItsLineAndACleanMessage() {
        String text = """
                name = "broken"
                machine {
                  cpus = 1
                  memory = [8 MiB
                }
                """;
        Path file = write(dir, "broken.conf", text);
        Problem p = onlyProblem(file);

        assertEquals(file.toString(), p.file());
        assertEquals(lineOf(text, "}"), p.line());
        assertFalse(p.message().contains("Exception"), p::toString);
        assertFalse(p.message().startsWith(file.toString()), p::toString);
    }

    @Test
    void aMissingFileIsAProblem() {
        Path file = dir.resolve("nowhere.conf");
        assertEquals(new Problem(file.toString(), 0, "", "no such file"), onlyProblem(file));
    }

    @Test
    void aDirectoryIsNotAScenario() {
        assertEquals("not a regular file", onlyProblem(dir).message());
    }

    @Test
    void requiredKeysAreMissingProblemsAtTheirObject() {
        String text = """
                description = "no name"
                machine {
                  policy = netbsd-1998
                }
                workload {
                  images { sh { text = 4, data = 1, heap = 2 } }
                  programs { run = [ { exec = sh }, { exit = true } ] }
                  processes = [ { command = sh, program = run } ]
                }
                """;
        Path file = write(dir, "incomplete.conf", text);
        List<Problem> problems = problems(file);

        assertEquals(4, problems.size(), problems::toString);
        String missing = "missing: it has no default, the scenario must set it";
        assertProblem(about(problems, "name"), file, 1, "name", missing);
        assertProblem(about(problems, "machine.cpus"), file, lineOf(text, "machine {"), "machine.cpus", missing);
        assertProblem(about(problems, "machine.memory"), file, lineOf(text, "machine {"), "machine.memory", missing);
        assertProblem(about(problems, "workload.images.sh.stack"), file, lineOf(text, "sh {"),
                "workload.images.sh.stack", missing);
    }

    @Test
    void bootWiredMemoryCountsAgainstTheMemory() {
        Path file = write(dir, "wired.conf", TINY + "machine.boot-wired = 3 MiB\n");
        assertProblem(onlyProblem(file), file, lineOf(TINY, "memory = 8 MiB"), "machine.memory",
                "memory 8 MiB leaves 0 pages beside the firmware, kernel and boot-wired memory (8 MiB)");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String text = """
                name = "many problems"
                machine {
                  cpus = 0
                  memory = 24 MiB
                  page-size = 3000
                  polcy = netbsd-1998
                }
                uvm { maxslp = forever }
                workload {
                  images { sh { text = 4, data = 1, heap = 2, stack = 1 } }
                  programs { run = [ { exec = ksh }, { fork = nothing }, { exit = true } ] }
                  processes = [ { command = sh, program = walk } ]
                }
                """;
        Path file = write(dir, "many.conf", text);
        List<Problem> problems = problems(file);

        assertEquals(7, problems.size(), problems::toString);
        assertEquals(lineOf(text, "cpus = 0"), about(problems, "machine.cpus").line());
        assertEquals(lineOf(text, "page-size"), about(problems, "machine.page-size").line());
        assertEquals(lineOf(text, "polcy"), about(problems, "machine.polcy").line());
        assertEquals(lineOf(text, "maxslp"), about(problems, "uvm.maxslp").line());
        assertEquals(lineOf(text, "ksh"), about(problems, "workload.programs.run[0].exec").line());
        assertEquals(lineOf(text, "nothing"), about(problems, "workload.programs.run[1].fork").line());
        assertEquals(lineOf(text, "walk"), about(problems, "workload.processes[0].program").line());
    }

    @Test
    void aWorkloadWithoutProcessesIsAProblemAtTheWorkload() {
        String text = TINY.replace("processes = [ { command = sh, program = run } ]", "");
        Path file = write(dir, "idle.conf", text);
        assertProblem(onlyProblem(file), file, lineOf(text, "workload {"), "workload.processes",
                "no processes: nothing would run");
    }

    @Test
    void anEmptyFileLacksANameAMachineAndWork() {
        Path file = write(dir, "empty.conf", "");
        List<Problem> problems = problems(file);

        assertEquals(List.of("name", "machine.cpus", "machine.memory", "workload.processes"),
                problems.stream().map(Problem::key).toList());
    }

    @Test
    void substitutionsSeeTheScenarioButNotTheEnvironment() throws ScenarioException {
        Path good = write(dir, "subst.conf", TINY + "swap.size = ${machine.memory}\n");
        assertEquals(8 << 20, ScenarioLoader.load(good, Map.of()).swap().sizeBytes());

        String text = TINY + "description = ${HOME}\n";
        Path bad = write(dir, "env.conf", text);
        Problem p = onlyProblem(bad);
        assertEquals(lineOf(text, "${HOME}"), p.line());
        assertFalse(p.message().contains("Exception"), p::toString);
    }
}
