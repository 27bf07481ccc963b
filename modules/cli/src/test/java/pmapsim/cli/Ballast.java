package pmapsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import pmapsim.actors.machine.MemoryGuard;

/**
 * pmapsim's command line beside a ballast that grows until the memory guard says the heap is full, then lets go of
 * it: a run that outgrows its heap, for {@link BudgetTest}, without a scenario that does (a run keeps nothing that
 * grows with its length, and the budget check refuses machines too big for the heap before they start).
 */
final class Ballast {
    private Ballast() {
    }

    public static void main(String[] args) throws Exception {
        List<byte[]> ballast = new ArrayList<>();
        boolean[] full = new boolean[1];
        MemoryGuard.watch(why -> { // open until the JVM exits
            synchronized (ballast) {
                full[0] = true;
                ballast.clear(); // the run has been told; the report needs room
            }
        });
        Thread grower = new Thread(() -> {
            while (true) {
                synchronized (ballast) {
                    if (full[0]) {
                        return;
                    }
                    if (MemoryGuard.watches() > 1) { // a run is under way (the other watch is this ballast's)
                        ballast.add(new byte[32 << 10]);
                    }
                }
                LockSupport.parkNanos(1_000_000); // up to 32 MiB a second
            }
        }, "ballast");
        grower.setDaemon(true);
        grower.start();
        Main.main(args); // exits the JVM
    }
}
