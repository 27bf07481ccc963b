package pmapsim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Alpha page-table geometry, vm-model.md §1. */
class GeometryTest {

    @Test
    void alphaEightKilobytePages() {
        Geometry g = Geometry.alpha();
        assertEquals(8192, g.pageSize());
        assertEquals(1024, g.ptesPerPage());
        assertEquals(8L * 1024 * 1024, g.l3Span());            // 8 MiB
        assertEquals(8L * 1024 * 1024 * 1024, g.l2Span());     // 8 GiB
        assertEquals(255, g.pvPerPage());                      // 8192/32 = 256 slots, one for the header
        assertEquals(new Geometry(8192), g);
    }

    @ParameterizedTest(name = "pageSize={0}: ptes={1} l3Span={2} l2Span={3} npvppg={4}")
    @CsvSource({
            // 4096/8=512; 512*4096=2 MiB; 2 MiB*512=1 GiB; 4096/32-1=127
            "4096,   512,   2097152,   1073741824, 127",
            "8192,  1024,   8388608,   8589934592, 255",
            // 16384/8=2048; 2048*16384=32 MiB; 32 MiB*2048=64 GiB; 16384/32-1=511
            "16384, 2048,  33554432,  68719476736, 511",
    })
    void derivedFromPageSize(int pageSize, int ptes, long l3Span, long l2Span, int npvppg) {
        Geometry g = new Geometry(pageSize);
        assertEquals(ptes, g.ptesPerPage());
        assertEquals(l3Span, g.l3Span());
        assertEquals(l2Span, g.l2Span());
        assertEquals(npvppg, g.pvPerPage());
    }

    @ParameterizedTest(name = "va={0}: l1={1} l2={2} vpn={3}")
    @CsvSource({
            // text 0x120000000 = 2^32 + 2^29: l1 = va>>33 = 0; l2 = va>>23 = 512+64 = 576; vpn = va>>13 = 0x90000
            "0x120000000,   0,    576,  589824",
            // data 0x140000000 = 2^32 + 2^30: l2 = 512+128 = 640; vpn = 0xa0000
            "0x140000000,   0,    640,  655360",
            // stack page just below text, 0x11fffe000: l2 = 575 (the L3 page before text's); vpn = 0x8ffff
            "0x11fffe000,   0,    575,  589823",
            // 8 GiB: first address of the second L2 page
            "0x200000000,   1,   1024, 1048576",
            // last page below VM_MAXUSER_ADDRESS 0x3fe00000000: 0x3fe00000000>>33 = 511, so 510; >>23 = 0x7fc00-1; >>13 = 0x1ff00000-1
            "0x3fdffffe000, 510, 523263, 535822335",
            "0,             0,      0,       0",
    })
    void indexesOfAlphaUserAddresses(String vaHex, long l1, long l2, long vpn) {
        long va = Long.decode(vaHex);
        Geometry g = Geometry.alpha();
        assertEquals(l1, g.l1Index(va), "l1Index");
        assertEquals(l2, g.l2Index(va), "l2Index");
        assertEquals(vpn, g.vpn(va), "vpn");
    }

    @Test
    void textDataAndStackShareOneL2PageButNotL3Pages() {
        Geometry g = Geometry.alpha();
        long text = 0x120000000L, data = 0x140000000L, stack = 0x11fffe000L;
        assertEquals(g.l1Index(text), g.l1Index(data));
        assertEquals(g.l1Index(text), g.l1Index(stack));
        assertTrue(g.l2Index(stack) < g.l2Index(text) && g.l2Index(text) < g.l2Index(data));
        // the whole of 8 MiB from text maps through one L3 page
        assertEquals(g.l2Index(text), g.l2Index(text + 8L * 1024 * 1024 - 1));
        assertEquals(g.l2Index(text) + 1, g.l2Index(text + 8L * 1024 * 1024));
    }

    @Test
    void pagesOf() {
        Geometry g = Geometry.alpha();
        assertEquals(3072, g.pagesOf(24L * 1024 * 1024)); // 24 MB Multia
        assertEquals(1, g.pagesOf(8192 + 8191));
        assertEquals(0, g.pagesOf(8191));
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 12288, 6144, 0, -8192, 256, 1})
    void badPageSizeRejected(int pageSize) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Geometry(pageSize));
        assertTrue(e.getMessage().contains(String.valueOf(pageSize)), e.getMessage());
    }

    @Test
    void smallestPageSizeAccepted() {
        assertEquals(64, new Geometry(512).ptesPerPage());
    }
}
