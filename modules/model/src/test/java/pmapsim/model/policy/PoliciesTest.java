package pmapsim.model.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import pmapsim.model.Usage;
import pmapsim.model.policy.Policy.CollectDecision;
import pmapsim.model.policy.Policy.Shortage;

/** The registry and what each registered design answers to the questions the actors ask. */
class PoliciesTest {

    private static Policy policy(String name) {
        return Policies.byName(name).orElseThrow(() -> new AssertionError("no policy " + name));
    }

    @Test
    void everyPolicyIsRegisteredUnderItsOwnNameInSortedOrder() {
        assertEquals(List.of("canfail", "checked-collect", "netbsd-1998", "netbsd-2000"), Policies.names());
        for (String name : Policies.names()) {
            assertEquals(name, policy(name).name());
            assertFalse(policy(name).description().isBlank(), name);
        }
        assertTrue(Policies.byName("netbsd-2001").isEmpty());
    }

    @Test
    void netbsd2000TriesOnceWithTheReserveStealsInLruOrderAndPanicsWithPmapEntersStrings() {
        Policy p = policy("netbsd-2000");
        assertTrue(p.pmapUsesKernelReserve());
        assertEquals(1, p.allocAttempts());
        assertEquals(Shortage.STEAL, p.onShortage());
        assertTrue(p.pmapListLru());
        assertEquals(16, p.pvPoolLowWater());
        assertEquals("pmap_enter: unable to create lev1map", p.panicMessage(Usage.L1));
        assertEquals("pmap_enter: unable to create L2 PT page", p.panicMessage(Usage.L2));
        assertEquals("pmap_enter: unable to create L3 PT page", p.panicMessage(Usage.L3));
        assertEquals("pmap_enter: unable to enter mapping in PV table", p.panicMessage(Usage.PV));
    }

    @Test
    void canfailFailsTheEnterAndHasNoPanic() {
        Policy p = policy("canfail");
        assertTrue(p.pmapUsesKernelReserve());
        assertEquals(Shortage.FAIL, p.onShortage());
        assertThrows(IllegalStateException.class, () -> p.panicMessage(Usage.L3));
    }

    @Test
    void theNineteenNinetyEightVictimObeysWhateverItsState() {
        Policy p = policy("netbsd-1998");
        assertEquals(Shortage.COLLECT_INACTIVE, p.onShortage());
        assertFalse(p.pmapUsesKernelReserve());
        assertEquals(6, p.allocAttempts());
        assertEquals(CollectDecision.OBEY, p.onCollect(0b10, true, false));
        assertFalse(p.collectHoldsPmapLock());
        assertFalse(p.pmapListLru());
        assertEquals(0, p.pvPoolLowWater());
    }

    @Test
    void aCheckedCollectIsRefusedWhileActiveOrCollectedOrWithoutAPrivateL1() {
        Policy p = policy("checked-collect");
        assertEquals(Shortage.COLLECT_INACTIVE, p.onShortage());
        assertEquals(6, p.allocAttempts());
        assertEquals(Netbsd1998.PANIC, p.panicMessage(Usage.L2));
        assertEquals(CollectDecision.OBEY, p.onCollect(0, false, true));
        assertEquals(CollectDecision.REFUSE, p.onCollect(0b10, false, true), "active on cpu1");
        assertEquals(CollectDecision.REFUSE, p.onCollect(0, true, true), "another collection under way");
        assertEquals(CollectDecision.REFUSE, p.onCollect(0, false, false), "already back on Lev1map");
        assertTrue(p.collectHoldsPmapLock());
    }
}
