package pmapsim.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import pmapsim.model.Pool;

/**
 * The JSON form of a run ({@code pmapsim run --json}) and of anything else the CLI prints as JSON. The keys and their
 * order are a contract (issue 2): they are written by hand from the tree model, never derived by reflection, so that
 * renaming a record component cannot silently change them.
 */
public final class Json {
    /** Counters the contract names, written first and in this order; any other counter follows alphabetically. */
    public static final List<String> CONTRACT_COUNTERS =
            List.of("faults", "page_allocs", "emergencies", "pageouts", "nfs_retransmits", "context_switches");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectWriter WRITER = new ObjectMapper().writer(printer());

    private Json() {
    }

    /** One JSON object, pretty-printed, without a trailing newline. */
    public static String toJson(RunReport r) {
        return write(tree(r));
    }

    /**
     * A map of plain values (strings, numbers, booleans, null, nested maps and collections) as one JSON object; keys
     * keep the map's iteration order, so pass a {@link java.util.LinkedHashMap} for a stable order.
     */
    public static String toJson(Map<String, ?> map) {
        return write(value(map));
    }

    /** The tree of a run report: what {@link #toJson(RunReport)} writes. */
    public static ObjectNode tree(RunReport r) {
        ObjectNode o = NODES.objectNode();
        o.put("run_id", r.runId());
        o.put("scenario", r.scenario());
        o.put("seed", r.seed());
        o.put("policy", r.policy());
        o.put("cpus", r.cpus());
        o.put("outcome", r.outcome() == null ? null : r.outcome().key());
        o.put("panic", r.panic());

        ArrayNode violations = o.putArray("violations");
        for (RunReport.Violation v : nonNull(r.violations())) {
            ObjectNode n = violations.addObject();
            n.put("monitor", v.monitor());
            n.put("event", v.event());
            n.put("message", v.message());
        }

        ObjectNode memory = o.putObject("memory");
        SortedMap<String, Long> mem = r.memory();
        if (mem != null) {
            if (mem.containsKey("npages")) {
                memory.put("npages", mem.get("npages"));
            }
            for (Pool p : Pool.values()) {
                if (mem.containsKey(p.key())) {
                    memory.put(p.key(), mem.get(p.key()));
                }
            }
            mem.forEach((k, v) -> {
                if (!memory.has(k)) {
                    memory.put(k, v);
                }
            });
        }
        o.put("pages_in_flight", r.pagesInFlight());

        ArrayNode top = o.putArray("top_pmaps");
        for (RunReport.PmapUsage u : nonNull(r.topPmaps())) {
            ObjectNode n = top.addObject();
            n.put("pmap", u.pmap());
            n.put("pid", u.pid());
            n.put("command", u.command());
            n.put("pt_l1", u.ptL1());
            n.put("pt_l2", u.ptL2());
            n.put("pt_l3", u.ptL3());
            n.put("pv_entries", u.pvEntries());
        }

        ArrayNode collected = o.putArray("collected");
        for (RunReport.Collection c : nonNull(r.collected())) {
            ObjectNode n = collected.addObject();
            n.put("victim", c.victim());
            n.put("by_cpu", c.byCpu());
            n.put("event", c.event());
            n.put("pages_freed", c.pagesFreed());
            n.put("sim_time_us", c.simTimeUs());
        }

        ArrayNode backtrace = o.putArray("backtrace");
        nonNull(r.backtrace()).forEach(backtrace::add);

        ObjectNode counters = o.putObject("counters");
        SortedMap<String, Long> cs = r.counters();
        if (cs != null) {
            for (String k : CONTRACT_COUNTERS) {
                if (cs.containsKey(k)) {
                    counters.put(k, cs.get(k));
                }
            }
            cs.forEach((k, v) -> {
                if (!counters.has(k)) {
                    counters.put(k, v);
                }
            });
        }

        o.put("events", r.events());
        o.put("sim_time_ms", r.simTimeMs());
        o.put("wall_ms", r.wallMs());
        o.put("end_reason", r.endReason());
        return o;
    }

    private static String write(JsonNode node) {
        try {
            return WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode value(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof JsonNode n) {
            return n;
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = NODES.objectNode();
            m.forEach((k, x) -> o.set(String.valueOf(k), value(x)));
            return o;
        }
        if (v instanceof Collection<?> c) {
            ArrayNode a = NODES.arrayNode();
            c.forEach(x -> a.add(value(x)));
            return a;
        }
        if (v instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (v instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (v instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (v instanceof Float f) {
            return NODES.numberNode(f);
        }
        if (v instanceof Short s) {
            return NODES.numberNode(s);
        }
        if (v instanceof Byte b) {
            return NODES.numberNode(b);
        }
        if (v instanceof java.math.BigInteger b) {
            return NODES.numberNode(b);
        }
        if (v instanceof java.math.BigDecimal b) {
            return NODES.numberNode(b);
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Enum<?> e) {
            return NODES.textNode(e.name().toLowerCase(java.util.Locale.ROOT));
        }
        return NODES.textNode(v.toString());
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Two-space indent, arrays one element a line, {@code "key": value}, {@code []} and {@code {}} when empty. */
    private static DefaultPrettyPrinter printer() {
        DefaultPrettyPrinter p = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withArrayEmptySeparator("")
                .withObjectEmptySeparator(""));
        p.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        p.indentObjectsWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        return p;
    }
}
