package pmapsim.actors.sched;

import pmapsim.actors.pmap.Pmap;
import pmapsim.model.workload.Image;

/**
 * A process as it travels between the scheduler and the CPU that runs it: where it is in its program
 * ({@code pc}, and {@code progress} pages into the current op), its image and region sizes, its pmap, and a seed
 * from which every random offset it touches is derived (so a retried op touches the same pages).
 */
public record Proc(int pid, int ppid, String command, String program, int pc, int progress, int pass,
                   boolean daemon, Pmap.Handle pmap, long seed, String image, int textPages, int dataPages,
                   int heapPages, int stackPages) {

    public Proc at(int newPc, int newProgress) {
        return new Proc(pid, ppid, command, program, newPc, newProgress, pass, daemon, pmap, seed, image, textPages,
                dataPages, heapPages, stackPages);
    }

    /** The program ran to its end: a daemon starts over. */
    public Proc nextPass() {
        return new Proc(pid, ppid, command, program, 0, 0, pass + 1, daemon, pmap, seed, image, textPages, dataPages,
                heapPages, stackPages);
    }

    public Proc withHeap(int pages) {
        return new Proc(pid, ppid, command, program, pc, progress, pass, daemon, pmap, seed, image, textPages,
                dataPages, pages, stackPages);
    }

    public Proc exec(Image img) {
        return new Proc(pid, ppid, img.name(), program, pc, progress, pass, daemon,
                new Pmap.Handle(pmap.name(), pmap.id(), pmap.pid(), img.name()), seed, img.name(),
                img.textPages(), img.dataPages(), img.heapPages(), img.stackPages());
    }

    public String label() {
        return "pid " + pid + " (" + command + ")";
    }
}
