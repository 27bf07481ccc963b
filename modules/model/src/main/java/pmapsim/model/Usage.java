package pmapsim.model;

/** What a page taken by {@code pmap_alloc_physpage} is for. */
public enum Usage {
    L1("lev1map", Pool.PT_L1), L2("L2 PT page", Pool.PT_L2), L3("L3 PT page", Pool.PT_L3), PV("pv page", Pool.PV);

    private final String what;
    private final Pool pool;

    Usage(String what, Pool pool) {
        this.what = what;
        this.pool = pool;
    }

    public String what() {
        return what;
    }

    public Pool pool() {
        return pool;
    }
}
