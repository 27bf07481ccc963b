package pmapsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import pmapsim.actors.run.EventSink;
import pmapsim.report.html.HtmlReport;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a recorded run as one self-contained HTML page (no network: inline SVG and CSS): the "
                + "memory by pool over simulated time with freemin, freetarg and the reserves; one lane per CPU with "
                + "the active pmap, emergencies, collection victims, pageouts, NFS retransmits, monitor violations "
                + "and the panic; the causal backtrace as a message-sequence diagram; the collections and the "
                + "counters. It prints the path of each file it writes."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  written", "  2  the file or directory cannot be written",
                "  7  the journal cannot be read, or no such run"})
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "a run id (pmapsim runs lists them)")
    String runId;

    @Mixin
    JournalOptions journal;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html",
            description = "where to write the page (default: pmapsim-report-RUN.html in the current directory)")
    Path output;

    @Option(names = "--png", paramLabel = "DIR",
            description = "also write each chart as a PNG file in DIR (RUN-memory.png, RUN-memory-free.png, "
                    + "RUN-cpus.png, RUN-backtrace.png)")
    Path pngDir;

    @Spec
    CommandSpec spec;

    /** The page's file when {@code -o} is not given. */
    static Path defaultOutput(String runId) {
        return Path.of("pmapsim-report-" + runId + ".html");
    }

    @Override
    public Integer call() throws Exception {
        Path file = output != null ? output : defaultOutput(runId);
        writable(file.toAbsolutePath().getParent(), file);
        if (pngDir != null) {
            writable(pngDir.toAbsolutePath(), pngDir);
        }
        Progress progress = Progress.forTerminal(false);
        HtmlReport page;
        try {
            page = HtmlReport.read(journal.settings(), runId, reading -> {
                progress.start("reading run " + runId, reading.eventsIfKnown());
                return List.<EventSink>of(e -> progress.advance(1));
            });
        } finally {
            progress.done();
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            Files.writeString(file, page.html(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Main.BadInput("cannot write " + file + ": " + reason(e));
        }
        out.println(file);
        if (pngDir != null) {
            try {
                for (Path p : page.writePngs(pngDir)) {
                    out.println(p);
                }
            } catch (IOException e) {
                throw new Main.BadInput("cannot write the charts in " + pngDir + ": " + reason(e));
            }
        }
        out.flush();
        return Main.EXIT_OK;
    }

    /** Makes the directory (and its parents) before the run is read, so a bad path fails at once. */
    static void writable(Path dir, Path given) throws Main.BadInput {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new Main.BadInput("cannot write " + given + ": " + reason(e));
        }
        if (!Files.isWritable(dir)) {
            throw new Main.BadInput("cannot write " + given + ": " + dir + " is not writable");
        }
    }

    static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return f.getFile() + " is in the way (not a directory)";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
