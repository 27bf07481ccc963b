package pmapsim.model.scenario;

import pmapsim.model.Geometry;
import pmapsim.model.Thresholds;

/**
 * The machine: CPUs, physical memory and what the firmware and the kernel keep of it before UVM sees any page, the
 * wired memory allocated at boot (buffer cache), and the emergency policy.
 */
public record MachineSpec(int cpus, long memoryBytes, int pageSize, long firmwareBytes, long kernelBytes,
                          long bootWiredBytes, String policy) {

    public Geometry geometry() {
        return new Geometry(pageSize);
    }

    /** Managed pages: what UVM manages after the firmware and the kernel's boot-time memory. */
    public long npages() {
        return (memoryBytes - firmwareBytes - kernelBytes) / pageSize;
    }

    public long bootWiredPages() {
        return (bootWiredBytes + pageSize - 1) / pageSize;
    }

    public Thresholds thresholds() {
        return Thresholds.of(npages(), pageSize);
    }
}
