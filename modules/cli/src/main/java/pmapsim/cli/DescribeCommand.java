package pmapsim.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pmapsim.model.Thresholds;
import pmapsim.model.policy.Policies;
import pmapsim.model.scenario.MachineSpec;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.workload.ProcessSpec;
import pmapsim.model.workload.Workload;
import pmapsim.report.Json;

/** {@code pmapsim describe}: the machine a scenario makes, without running it. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Show the machine a scenario makes: managed pages, UVM thresholds and reserves, CPUs, policy, "
                + "and a summary of the workload. Nothing runs.")
final class DescribeCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--policy", paramLabel = "NAME", completionCandidates = RunCommand.PolicyNames.class,
            description = "the emergency policy (overrides machine.policy): ${COMPLETION-CANDIDATES}")
    String policy;

    @Option(names = "--json", description = "print one JSON object on stdout")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Scenario s = scenario.load(policy == null ? Map.of() : Map.of("machine.policy", policy));
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? Json.toJson(facts(s)) : text(s));
        out.flush();
        return Main.EXIT_OK;
    }

    /** The JSON object of describe; its keys are a contract (issue 2). */
    static Map<String, Object> facts(Scenario s) {
        MachineSpec m = s.machine();
        Thresholds t = m.thresholds();
        Workload w = s.workload();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("npages", m.npages());
        o.put("page_size", m.pageSize());
        o.put("freemin", t.freemin());
        o.put("freetarg", t.freetarg());
        o.put("inactarg", t.inactarg(0, 0));
        o.put("wiredmax", t.wiredmax());
        o.put("reserve_kernel", t.reserveKernel());
        o.put("reserve_pagedaemon", t.reservePagedaemon());
        o.put("cpus", m.cpus());
        o.put("policy", m.policy());
        o.put("memory_bytes", m.memoryBytes());
        o.put("scenario", s.name());
        Map<String, Object> wl = new LinkedHashMap<>();
        wl.put("processes", w.processCount());
        wl.put("daemons", daemons(w));
        wl.put("programs", w.programs().size());
        wl.put("images", w.images().size());
        wl.put("fork_ops", w.forkOps());
        o.put("workload", wl);
        return o;
    }

    static int daemons(Workload w) {
        return w.processes().stream().filter(ProcessSpec::daemon).mapToInt(ProcessSpec::count).sum();
    }

    static String text(Scenario s) {
        MachineSpec m = s.machine();
        Thresholds t = m.thresholds();
        Workload w = s.workload();
        int ps = m.pageSize();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"machine"});
        rows.add(row("cpus", String.valueOf(m.cpus()), "", ""));
        rows.add(row("policy", m.policy(), "",
                Policies.byName(m.policy()).map(pmapsim.model.policy.Policy::description).orElse("")));
        rows.add(row("memory", m.memoryBytes() + " bytes", size(m.memoryBytes()), ""));
        rows.add(row("firmware", m.firmwareBytes() + " bytes", size(m.firmwareBytes()), "kept by the console"));
        rows.add(row("kernel", m.kernelBytes() + " bytes", size(m.kernelBytes()), "never managed by UVM"));
        rows.add(row("page_size", ps + " bytes", size(ps), ""));
        rows.add(row("npages", pages(m.npages()), size(m.npages() * ps), "managed by UVM"));

        rows.add(new String[] {"UVM thresholds"});
        rows.add(row("freemin", pages(t.freemin()), size(t.freemin() * ps), "npages/20 within [16 KiB, 256 KiB]"));
        rows.add(row("freetarg", pages(t.freetarg()), size(t.freetarg() * ps), "freemin*4/3, at least freemin+1"));
        long inact = t.inactarg(0, 0);
        rows.add(row("inactarg", pages(inact), size(inact * ps),
                "at boot; (active+inactive)/3, at least freetarg+1"));
        rows.add(row("wiredmax", pages(t.wiredmax()), size(t.wiredmax() * ps), "npages/3"));
        rows.add(row("reserve_kernel", pages(t.reserveKernel()), size(t.reserveKernel() * ps), ""));
        rows.add(row("reserve_pagedaemon", pages(t.reservePagedaemon()), size(t.reservePagedaemon() * ps), ""));

        rows.add(new String[] {"workload"});
        int daemons = daemons(w);
        rows.add(row("processes", String.valueOf(w.processCount()), "",
                daemons + " daemons, " + (w.processCount() - daemons) + " doing the work"));
        rows.add(row("daemons", String.valueOf(daemons), "", ""));
        rows.add(row("programs", String.valueOf(w.programs().size()), "", String.join(" ", w.programs().keySet())));
        rows.add(row("images", String.valueOf(w.images().size()), "", String.join(" ", w.images().keySet())));
        rows.add(row("fork_ops", String.valueOf(w.forkOps()), "", "fork steps in all programs"));

        StringBuilder b = new StringBuilder();
        b.append(s.name());
        if (s.description() != null && !s.description().isBlank()) {
            b.append(": ").append(s.description());
        }
        b.append('\n');
        if (s.source() != null && !s.source().isBlank()) {
            b.append("  from ").append(s.source()).append('\n');
        }
        int[] wd = new int[3];
        for (String[] r : rows) {
            for (int i = 0; i < 3 && r.length > 1; i++) {
                wd[i] = Math.max(wd[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            if (r.length == 1) {
                b.append('\n').append(r[0]).append('\n');
                continue;
            }
            String line = "  " + pad(r[0], wd[0]) + "  " + pad(r[1], wd[1]) + "  " + pad(r[2], wd[2]) + "  " + r[3];
            b.append(line.stripTrailing()).append('\n');
        }
        return b.toString().stripTrailing();
    }

    private static String[] row(String key, String value, String size, String note) {
        return new String[] {key, value, size, note};
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }

    private static String pages(long n) {
        return n + (n == 1 ? " page" : " pages");
    }

    /** Bytes as KiB, MiB or GiB, exact when it divides, else to two decimals. */
    static String size(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        long[] scale = {1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < units.length; i++) {
            if (bytes >= scale[i]) {
                return bytes % scale[i] == 0 ? (bytes / scale[i]) + " " + units[i]
                        : String.format(Locale.ROOT, "%.2f %s", (double) bytes / scale[i], units[i]);
            }
        }
        return bytes + " B";
    }
}
