package pmapsim.actors.monitor;

import pmapsim.actors.run.Stamped;
import pmapsim.actors.uvm.PhysicalMemory;

/** No page is freed twice ({@code double-free}): two collections of one pmap both freeing what they read. */
public final class DoubleFree extends Monitor {

    public DoubleFree() {
        super("double-free");
    }

    @Override
    public void accept(Stamped e) {
        if (e.body() instanceof PhysicalMemory.DoubleFree d) {
            fire(e, d.by() + " frees frame " + d.frame() + ": " + d.detail());
        }
    }
}
