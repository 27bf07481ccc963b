package pmapsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pmapsim.journal.JournalDb;
import pmapsim.journal.JournalSettings;
import pmapsim.journal.RunRow;

@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List the runs in the journal, newest first: run id, scenario, seed, policy, CPUs, outcome, "
                + "events, started at. A run that was killed shows outcome 'incomplete'."},
        footerHeading = "%nExit codes:%n", footer = {"  0  listed", "  7  the journal cannot be read"})
final class RunsCommand implements Callable<Integer> {
    @Mixin
    JournalOptions journal;

    @Option(names = "--json", description = "print one JSON array on stdout")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        JournalSettings js = journal.settings();
        List<RunRow> rows;
        try (JournalDb db = JournalDb.openToRead(js)) {
            rows = db.runs();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (RunRow r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("run_id", r.runId());
                m.put("scenario", r.scenario());
                m.put("seed", r.seed());
                m.put("policy", r.policy());
                m.put("cpus", r.cpus());
                m.put("outcome", outcome(r));
                m.put("events", r.events());
                m.put("started_at", Instant.ofEpochMilli(r.startedAt()).toString());
                list.add(m);
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list));
        } else if (rows.isEmpty()) {
            out.println("no runs in " + js.describe() + " (pmapsim run SCENARIO records one)");
        } else {
            String f = "%-10s %-28s %6s %-12s %4s %-10s %9s  %s%n";
            out.printf(f, "RUN", "SCENARIO", "SEED", "POLICY", "CPUS", "OUTCOME", "EVENTS", "STARTED");
            for (RunRow r : rows) {
                out.printf(f, r.runId(), r.scenario(), r.seed(), r.policy(), r.cpus(), outcome(r),
                        r.outcome() == null ? "?" : String.format("%,d", r.events()),
                        Instant.ofEpochMilli(r.startedAt()).toString());
            }
        }
        out.flush();
        return Main.EXIT_OK;
    }

    private static String outcome(RunRow r) {
        return r.outcome() == null ? "incomplete" : r.outcome();
    }
}
