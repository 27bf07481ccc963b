package pmapsim.report.stress;

/**
 * What a run found, one class per run (vm-model.md §7). When a run shows several, the first in this order names
 * it: a use-after-free outranks the panic it may lead to.
 */
public enum OutcomeClass {
    COLLECT_ACTIVE("collect-active", "a pmap was collected while active on a CPU: its tables freed under a running CPU"),
    DOUBLE_COLLECT("double-collect", "two collections of one pmap overlapped: the same pages freed twice"),
    SELF_COLLECT("self-collect", "the pmap being entered was chosen as its own victim"),
    STEAL_DEADLOCK("steal-deadlock", "two CPUs each stealing from the other's pmap wait on each other's lock"),
    PAGEDAEMON_DEADLOCK("pagedaemon-deadlock", "the page daemon needed memory to free memory"),
    VIOLATION_OTHER("violation-other", "another safety monitor fired"),
    PANIC_SPURIOUS("panic-spurious", "panicked although pages were collectible or were freed during its attempts"),
    PANIC_OOM("panic-oom", "panicked with nothing collectible: memory was really exhausted"),
    STALLED("stalled", "no progress with work pending (wedged)"),
    COMPLETED("completed", "the workload finished");

    private final String key;
    private final String meaning;

    OutcomeClass(String key, String meaning) {
        this.key = key;
        this.meaning = meaning;
    }

    public String key() {
        return key;
    }

    public String meaning() {
        return meaning;
    }

    /** Whether this class is a finding (everything but a completed run). */
    public boolean failure() {
        return this != COMPLETED;
    }

    public static OutcomeClass byKey(String key) {
        for (OutcomeClass c : values()) {
            if (c.key.equals(key)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown outcome class '" + key + "'; classes: " + keys());
    }

    public static String keys() {
        StringBuilder b = new StringBuilder();
        for (OutcomeClass c : values()) {
            b.append(b.length() == 0 ? "" : ", ").append(c.key);
        }
        return b.toString();
    }
}
