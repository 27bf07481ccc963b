package pmapsim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * uvm_pagealloc's refusals (vm-model.md §4): reserve_kernel = 5, reserve_pagedaemon = 1. USER and PMAP (1998: no
 * object, no reserve) are refused at free <= 5; KERNEL down to 2; PAGEDAEMON down to 1. An empty cell in the expected
 * column means "granted".
 */
class UvmRulesTest {
    /** 2432 pages at 8 KiB: freemin 32, freetarg 42, inactarg floor 43. */
    private static final Thresholds T = Thresholds.of(2432, 8192);

    @ParameterizedTest(name = "free={0} {1} mayUseKernelReserve={2} -> {3}")
    @CsvSource(nullValues = "GRANTED", value = {
            // USER: no reserve
            "1000, USER,       false, GRANTED",
            "6,    USER,       false, GRANTED",
            "5,    USER,       false, free=5 <= reserve_kernel=5",
            "4,    USER,       false, free=4 <= reserve_kernel=5",
            "2,    USER,       false, free=2 <= reserve_kernel=5",
            "1,    USER,       false, free=1 <= reserve_pagedaemon=1",
            "0,    USER,       false, free list empty",
            // PMAP, 1998: exactly like USER
            "6,    PMAP,       false, GRANTED",
            "5,    PMAP,       false, free=5 <= reserve_kernel=5",
            "3,    PMAP,       false, free=3 <= reserve_kernel=5",
            "1,    PMAP,       false, free=1 <= reserve_pagedaemon=1",
            "0,    PMAP,       false, free list empty",
            // PMAP with UVM_PGA_USERESERVE (netbsd-2000): like KERNEL
            "6,    PMAP,       true,  GRANTED",
            "5,    PMAP,       true,  GRANTED",
            "2,    PMAP,       true,  GRANTED",
            "1,    PMAP,       true,  free=1 <= reserve_pagedaemon=1",
            "0,    PMAP,       true,  free list empty",
            // KERNEL: the kernel reserve, not the daemon's
            "6,    KERNEL,     false, GRANTED",
            "5,    KERNEL,     false, GRANTED",
            "2,    KERNEL,     false, GRANTED",
            "1,    KERNEL,     false, free=1 <= reserve_pagedaemon=1",
            "0,    KERNEL,     false, free list empty",
            // PAGEDAEMON: the last page
            "5,    PAGEDAEMON, false, GRANTED",
            "2,    PAGEDAEMON, false, GRANTED",
            "1,    PAGEDAEMON, false, GRANTED",
            "0,    PAGEDAEMON, false, free list empty",
    })
    void refusal(long free, AllocClass who, boolean mayUseKernelReserve, String expected) {
        assertEquals(expected, UvmRules.refusal(free, who, mayUseKernelReserve, T));
    }

    @Test
    void lowestGrantedFreeCountPerClass() {
        // walk free downwards: the last granted value is the class's floor
        assertEquals(6, floor(AllocClass.USER, false));
        assertEquals(6, floor(AllocClass.PMAP, false));
        assertEquals(2, floor(AllocClass.PMAP, true));
        assertEquals(2, floor(AllocClass.KERNEL, false));
        assertEquals(1, floor(AllocClass.PAGEDAEMON, false));
    }

    private static long floor(AllocClass who, boolean reserve) {
        long last = -1;
        for (long free = 100; free >= 0; free--) {
            if (UvmRules.refusal(free, who, reserve, T) == null) {
                last = free;
            } else {
                break;
            }
        }
        for (long free = last - 1; free >= 0; free--) {
            String why = UvmRules.refusal(free, who, reserve, T);
            if (why == null) {
                throw new AssertionError(who + " granted again at free=" + free + " below its floor " + last);
            }
        }
        return last;
    }

    @ParameterizedTest(name = "free={0} active={1} inactive={2} -> wakes={3}")
    @CsvSource({
            // free < freemin (32) wakes regardless of the queues
            "31,    0, 1000, true",
            "0,     0,    0, true",
            // freemin <= free < freetarg (42): wakes only when inactive < inactarg
            // inactarg = max((0+1000)/3=333, 43) = 333; 1000 >= 333
            "32,    0, 1000, false",
            // inactarg = max(1100/3=366, 43) = 366; 100 < 366
            "32, 1000,  100, true",
            "41, 1000,  100, true",
            // inactarg = max(300/3=100, 43) = 100; 100 < 100 is false
            "41,  200,  100, false",
            // inactarg = max(400/3=133, 43) = 133; 100 < 133
            "41,  300,  100, true",
            // free >= freetarg: never
            "42, 1000,  100, false",
            "42,    0,    0, false",
    })
    void wakesDaemon(long free, long active, long inactive, boolean expected) {
        assertEquals(expected, UvmRules.wakesDaemon(free, active, inactive, T));
    }

    @ParameterizedTest(name = "free={0} active={1} inactive={2} -> scans={3}")
    @CsvSource({
            // free < freetarg (42): scans regardless of the queues
            "41,    0, 1000, true",
            "0,     0, 1000, true",
            // inactarg = max(300/3=100, 43) = 100; 100 < 100 false
            "42,  200,  100, false",
            // inactarg = 133; 100 < 133
            "42,  300,  100, true",
            // inactarg floor freetarg+1 = 43: 42 inactive pages are short of it, 43 are not
            "1000,  0,   42, true",
            "1000,  0,   43, false",
            "1000,  0,    0, true",
    })
    void daemonScans(long free, long active, long inactive, boolean expected) {
        assertEquals(expected, UvmRules.daemonScans(free, active, inactive, T));
    }

    @Test
    void grantedMeansNull() {
        assertNull(UvmRules.refusal(T.freemin(), AllocClass.USER, false, T));
    }
}
