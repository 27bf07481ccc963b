package pmapsim.model.policy;

import pmapsim.model.Usage;

/**
 * The emergency behaviour of {@code pmap_alloc_physpage} and of a pmap asked to collect itself: the one place where
 * NetBSD's designs (1998, 2000, PMAP_CANFAIL, fixes of our own) differ. The actors ask the policy; they never branch
 * on a policy's name. New designs are new implementations registered in {@link Policies}.
 */
public interface Policy {

    /** The name scenarios and {@code --policy} use, e.g. {@code netbsd-1998}. */
    String name();

    /** One line for humans: which NetBSD code this is. */
    String description();

    /** May a pmap page allocation dig into the kernel reserve ({@code UVM_PGA_USERESERVE}, netbsd-2000)? */
    boolean pmapUsesKernelReserve();

    /** Allocation attempts before giving up (1998: six, with a collection after each failure). */
    int allocAttempts();

    /**
     * What a victim does with a {@code Collect}.
     *
     * @param activeOnCpus the victim's {@code pm_cpus} when the request arrives (0 = inactive)
     * @param collecting   a collection of this pmap is already under way (its tables read, not yet cleared)
     */
    CollectDecision onCollect(long activeOnCpus, boolean collecting);

    /** The panic when every attempt failed ({@code usage} is what the page was for). */
    String panicMessage(Usage usage);

    /** The answer of a victim to a {@code Collect} request. */
    enum CollectDecision {
        /** Do it: {@code pmap_remove} over the whole user range. */
        OBEY,
        /** Decline; the requester walks on to the next pmap. */
        REFUSE
    }
}
