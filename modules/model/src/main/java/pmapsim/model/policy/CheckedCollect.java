package pmapsim.model.policy;

/**
 * pmapsim's own fix of pmap.c 1.33: the emergency is 1998's (six tries, collect the newest pmap that looked inactive
 * with a private L1), but the victim re-checks under its own {@code pm_slock} when the {@code Collect} arrives. It
 * refuses when it is active on another CPU (the requester saw it inactive, then another CPU switched to it), when
 * another collection of it is under way, or when it no longer has a private L1; the requester walks on to the next
 * pmap. The collection holds the lock to its end, so a {@code pmap_activate} of the victim waits for it. So
 * {@code collect-active} and {@code double-collect} cannot happen.
 */
public final class CheckedCollect extends Netbsd1998 {
    public static final String NAME = "checked-collect";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "pmap.c 1.33 with a checked collect: the victim re-checks under its own lock and refuses while it is "
                + "active on a CPU; the requester walks on";
    }

    @Override
    public CollectDecision onCollect(long activeOnCpus, boolean collecting, boolean privateL1) {
        return activeOnCpus != 0 || collecting || !privateL1 ? CollectDecision.REFUSE : CollectDecision.OBEY;
    }

    @Override
    public boolean collectHoldsPmapLock() {
        return true;
    }
}
