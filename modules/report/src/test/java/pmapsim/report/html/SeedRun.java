package pmapsim.report.html;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import pmapsim.actors.run.Faults;
import pmapsim.journal.Databases;
import pmapsim.journal.JournalSettings;
import pmapsim.model.scenario.ScenarioLoader;
import pmapsim.report.RunReport;
import pmapsim.report.Runs;

/** The seed run, recorded once per test JVM in a fresh H2 journal, for the tests of the HTML report. */
final class SeedRun {
    static final String SCENARIO = "alpha-nfs-libc-cleandir.conf";

    private static SeedRun recorded;

    final JournalSettings journal;
    /** The report the live run gave. */
    final RunReport live;

    private SeedRun(JournalSettings journal, RunReport live) {
        this.journal = journal;
        this.live = live;
    }

    static synchronized SeedRun get() throws Exception {
        if (recorded == null) {
            JournalSettings js = Databases.h2();
            RunReport live = Runs.run(Runs.newRunId(), ScenarioLoader.loadWithText(scenario(SCENARIO), Map.of()), js,
                    List.of(), Faults.NONE);
            recorded = new SeedRun(js, live);
        }
        return recorded;
    }

    private HtmlReport page;

    /** The run's page, read from the journal once for every test that only looks at it. */
    synchronized HtmlReport page() throws Exception {
        if (page == null) {
            page = read();
        }
        return page;
    }

    /** The run's page, read from the journal again. */
    HtmlReport read() throws Exception {
        return HtmlReport.read(journal, live.runId(), reading -> List.of());
    }

    static Path scenario(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path p = dir.resolve("config/scenarios").resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no config/scenarios/" + name + " above " + Path.of("").toAbsolutePath());
    }
}
