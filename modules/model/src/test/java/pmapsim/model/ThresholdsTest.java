package pmapsim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The thresholds of vm-model.md §4, each row worked by hand from the formulas:
 * freemin = npages/20 clamped to [16 KiB, 256 KiB] worth of pages; freetarg = max(freemin*4/3, freemin+1);
 * wiredmax = npages/3; reserve_kernel = 5; reserve_pagedaemon = 1. All divisions truncate.
 */
class ThresholdsTest {

    @ParameterizedTest(name = "npages={0} pageSize={1}: freemin={2} freetarg={3} wiredmax={4}")
    @CsvSource({
            // --- 8 KiB pages: clamp [16K/8K, 256K/8K] = [2, 32]
            // 10/20=0 -> clamp up to 2; 2*4/3=2 < 2+1 -> 3; 10/3=3
            "10,     8192,  2,  3,     3",
            // 40/20=2 (the lower bound exactly); 2*4/3=2 < 3 -> 3; 40/3=13
            "40,     8192,  2,  3,    13",
            // 41/20=2; 3; 41/3=13
            "41,     8192,  2,  3,    13",
            // 60/20=3; 3*4/3=4 = 3+1 -> 4; 60/3=20
            "60,     8192,  3,  4,    20",
            // 80/20=4; 16/3=5 = 4+1 -> 5; 80/3=26
            "80,     8192,  4,  5,    26",
            // 100/20=5; 20/3=6 = 5+1 -> 6; 100/3=33
            "100,    8192,  5,  6,    33",
            // 300/20=15; 60/3=20 > 16 -> 20; 300/3=100
            "300,    8192, 15, 20,   100",
            // 639/20=31; 124/3=41 > 32 -> 41; 639/3=213
            "639,    8192, 31, 41,   213",
            // 640/20=32 (the upper bound exactly); 128/3=42 > 33 -> 42; 640/3=213
            "640,    8192, 32, 42,   213",
            // 641/20=32; 42; 641/3=213
            "641,    8192, 32, 42,   213",
            // 1408/20=70 -> clamp down to 32; 42; 1408/3=469
            "1408,   8192, 32, 42,   469",
            // 2432/20=121 -> 32; 42; 2432/3=810
            "2432,   8192, 32, 42,   810",
            // 100000/20=5000 -> 32; 42; 100000/3=33333
            "100000, 8192, 32, 42, 33333",
            // --- 4 KiB pages: clamp [16K/4K, 256K/4K] = [4, 64]
            // 10/20=0 -> 4; 16/3=5 = 4+1 -> 5; 10/3=3
            "10,     4096,  4,  5,     3",
            // 100/20=5 (inside); 6; 33
            "100,    4096,  5,  6,    33",
            // 1000/20=50 (inside, would clamp to 32 at 8 KiB); 200/3=66 > 51 -> 66; 1000/3=333
            "1000,   4096, 50, 66,   333",
            // 2432/20=121 -> 64; 256/3=85 > 65 -> 85; 810
            "2432,   4096, 64, 85,   810",
            // --- 16 KiB pages: clamp [16K/16K, 256K/16K] = [1, 16]
            // 10/20=0 -> 1; 4/3=1 < 1+1 -> 2; 10/3=3
            "10,    16384,  1,  2,     3",
            // 300/20=15 (inside); 60/3=20 > 16 -> 20; 100
            "300,   16384, 15, 20,   100",
            // 1000/20=50 -> 16; 64/3=21 > 17 -> 21; 333
            "1000,  16384, 16, 21,   333",
    })
    void formulas(long npages, int pageSize, long freemin, long freetarg, long wiredmax) {
        Thresholds t = Thresholds.of(npages, pageSize);
        assertEquals(npages, t.npages());
        assertEquals(pageSize, t.pageSize());
        assertEquals(freemin, t.freemin(), "freemin");
        assertEquals(freetarg, t.freetarg(), "freetarg");
        assertEquals(wiredmax, t.wiredmax(), "wiredmax");
        assertEquals(5, t.reserveKernel(), "reserve_kernel");
        assertEquals(1, t.reservePagedaemon(), "reserve_pagedaemon");
    }

    @ParameterizedTest(name = "npages={0}: inactarg({1}, {2}) = {3}")
    @CsvSource({
            // npages 2432 at 8 KiB: freetarg 42, so the floor is 43
            // (0+0)/3=0 -> 43
            "2432,    0,   0,  43",
            // (100+29)/3=43 = floor -> 43
            "2432,  100,  29,  43",
            // (100+28)/3=42 < 43 -> 43
            "2432,  100,  28,  43",
            // (100+32)/3=44 -> 44
            "2432,  100,  32,  44",
            // (1000+500)/3=500
            "2432, 1000, 500, 500",
            // (1000+501)/3=500 (truncates)
            "2432, 1000, 501, 500",
            // (1000+502)/3=500.67 -> 500
            "2432, 1000, 502, 500",
            // (1000+503)/3=501
            "2432, 1000, 503, 501",
            // npages 10 at 8 KiB: freetarg 3, floor 4
            // (0+0)/3=0 -> 4
            "10,      0,   0,   4",
            // (6+6)/3=4 -> 4
            "10,      6,   6,   4",
            // (9+6)/3=5 -> 5
            "10,      9,   6,   5",
            // npages 100 at 8 KiB: freetarg 6, floor 7; (12+8)/3=6 -> 7; (12+9)/3=7
            "100,    12,   8,   7",
            "100,    12,  10,   7",
            "100,    15,  10,   8",
    })
    void inactarg(long npages, long active, long inactive, long expected) {
        assertEquals(expected, Thresholds.of(npages, 8192).inactarg(active, inactive));
    }

    @Test
    void reserveConstants() {
        assertEquals(5, Thresholds.RESERVE_KERNEL);
        assertEquals(1, Thresholds.RESERVE_PAGEDAEMON);
    }

    @Test
    void freetargAlwaysAboveFreeminAndInactargAboveFreetarg() {
        for (int pageSize : new int[] {4096, 8192, 16384}) {
            for (long npages = 0; npages <= 5000; npages++) {
                Thresholds t = Thresholds.of(npages, pageSize);
                long lo = 16 * 1024 / pageSize;
                long hi = 256 * 1024 / pageSize;
                long expectedMin = Math.min(hi, Math.max(lo, npages / 20));
                assertEquals(expectedMin, t.freemin(), "freemin npages=" + npages + " pageSize=" + pageSize);
                assertEquals(Math.max(expectedMin * 4 / 3, expectedMin + 1), t.freetarg());
                assertEquals(t.freetarg() + 1, t.inactarg(0, 0));
            }
        }
    }
}
