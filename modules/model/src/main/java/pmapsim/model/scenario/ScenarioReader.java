package pmapsim.model.scenario;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import pmapsim.model.policy.Netbsd1998;
import pmapsim.model.policy.Policies;
import pmapsim.model.workload.Workload;

/** Reads a parsed, resolved scenario into a {@link Scenario}, recording every problem on the way. */
final class ScenarioReader {
    /** The most memory a machine may have (far beyond any Alpha of the era). */
    static final long MAX_BYTES = 1L << 40;
    /** What the memory must leave to UVM, beside the firmware, kernel and boot-wired memory. */
    static final int MIN_MANAGED_PAGES = 64;

    /** The value of every key a scenario may leave out (src/docs/scenarios.md lists them). */
    private static final ConfigObject DEFAULTS = ConfigFactory.parseString("""
            description = ""
            seed = 1
            machine { page-size = 8192, firmware = 2 MiB, kernel = 3 MiB, boot-wired = 0, policy = "%s" }
            uvm { maxslp = 20s, pageout-cluster = 8, uarea-pages = 2, scan-batch = 64 }
            swap { size = 64 MiB, rpc-time = 2ms, bandwidth = 1 MiB, retransmit-timeout = 700ms, mbuf-pool = 512 KiB }
            limits { max-sim-time = 2h, max-events = 20000000, stall-time = 10m }
            workload { images {}, programs {}, processes = [] }
            """.formatted(Netbsd1998.NAME)).root();

    private final Problems problems;

    ScenarioReader(Problems problems) {
        this.problems = problems;
    }

    Scenario read(ConfigObject root, String source) {
        Section top = Section.root(root, DEFAULTS, problems);
        String name = top.string("name");
        String description = top.string("description");
        long seed = top.longIn("seed", Long.MIN_VALUE, Long.MAX_VALUE);
        MachineSpec machine = machine(top);
        UvmSpec uvm = uvm(top.child("uvm"));
        Section swapSection = top.child("swap");
        SwapSpec swap = swap(swapSection);
        if (problems.size() == 0) {
            checkPool(swapSection, machine, swap);
        }
        LimitsSpec limits = limits(top.child("limits"));
        Workload workload = WorkloadReader.read(top.child("workload"));
        top.rejectUnknownKeys();
        return new Scenario(name, description, source, seed, machine, uvm, swap, workload, limits);
    }

    private MachineSpec machine(Section top) {
        int before = problems.size();
        Section s = top.child("machine");
        MachineSpec machine = new MachineSpec(
                s.intIn("cpus", 1, 64),
                s.bytes("memory", 1, MAX_BYTES),
                pageSize(s),
                s.bytes("firmware", 0, MAX_BYTES),
                s.bytes("kernel", 0, MAX_BYTES),
                s.bytes("boot-wired", 0, MAX_BYTES),
                s.oneOf("policy", Policies.names(), "policy"));
        if (problems.size() == before) { // else the memory is checked against placeholders
            checkMemory(s, machine);
        }
        s.rejectUnknownKeys();
        return machine;
    }

    private static int pageSize(Section s) {
        int pageSize = (int) s.bytes("page-size", 512, 65536);
        if (Integer.bitCount(pageSize) != 1) {
            s.problem("page-size", "must be a power of two (4096, 8192, 16384 ...), not " + pageSize);
        }
        return pageSize;
    }

    /** The memory must hold the firmware, the kernel and the boot-wired memory, and leave UVM some pages. */
    private static void checkMemory(Section s, MachineSpec m) {
        long kept = m.firmwareBytes() + m.kernelBytes();
        if (m.memoryBytes() < kept) {
            s.problem("memory", "memory " + Sizes.format(m.memoryBytes())
                    + " is smaller than what the firmware and kernel keep (" + Sizes.format(kept) + ")");
            return;
        }
        long managed = Math.max(0, m.memoryBytes() - kept - m.bootWiredBytes()) / m.pageSize();
        if (managed < MIN_MANAGED_PAGES) {
            s.problem("memory", "memory " + Sizes.format(m.memoryBytes()) + " leaves " + managed
                    + " pages beside the firmware, kernel and boot-wired memory ("
                    + Sizes.format(kept + m.bootWiredBytes()) + "): UVM needs at least " + MIN_MANAGED_PAGES);
        }
    }

    /** The mbuf pool is allocated at boot too: what is left must still give UVM some pages. */
    private static void checkPool(Section s, MachineSpec m, SwapSpec swap) {
        long pool = swap.mbufPoolBytes() / m.pageSize();
        long left = m.npages() - m.bootWiredPages() - pool;
        if (left < MIN_MANAGED_PAGES) {
            s.problem("mbuf-pool", "an mbuf pool of " + Sizes.format(swap.mbufPoolBytes()) + " leaves " + Math.max(0, left)
                    + " managed pages free at boot: UVM needs at least " + MIN_MANAGED_PAGES);
        }
    }

    private static UvmSpec uvm(Section s) {
        UvmSpec uvm = new UvmSpec(
                s.duration("maxslp"),
                s.intIn("pageout-cluster", 1, 64),
                s.intIn("uarea-pages", 1, 16),
                s.intIn("scan-batch", 1, 100_000));
        s.rejectUnknownKeys();
        return uvm;
    }

    private static SwapSpec swap(Section s) {
        SwapSpec swap = new SwapSpec(
                s.bytes("size", 0, MAX_BYTES),
                s.duration("rpc-time"),
                s.bytes("bandwidth", 1, Long.MAX_VALUE),
                s.positiveDuration("retransmit-timeout"),
                s.bytes("mbuf-pool", 0, MAX_BYTES));
        s.rejectUnknownKeys();
        return swap;
    }

    private static LimitsSpec limits(Section s) {
        LimitsSpec limits = new LimitsSpec(
                s.positiveDuration("max-sim-time"),
                s.longIn("max-events", 1, Long.MAX_VALUE),
                s.positiveDuration("stall-time"));
        s.rejectUnknownKeys();
        return limits;
    }
}
