package pmapsim.model.scenario;

import pmapsim.model.workload.Workload;

/** A whole scenario, parsed and validated. {@code source} is the file it came from (for messages). */
public record Scenario(String name, String description, String source, long seed, MachineSpec machine, UvmSpec uvm,
                       SwapSpec swap, Workload workload, LimitsSpec limits) {

    public Scenario withSeed(long s) {
        return new Scenario(name, description, source, s, machine, uvm, swap, workload, limits);
    }

    public Scenario withMachine(MachineSpec m) {
        return new Scenario(name, description, source, seed, m, uvm, swap, workload, limits);
    }
}
