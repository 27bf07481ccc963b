package pmapsim.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizesTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '=', value = {
            "8192 = 8192",
            "0 = 0",
            "24 MiB = 25165824",
            "24MiB = 25165824",
            "24 M = 25165824",
            "24m = 25165824",
            "24 Mi = 25165824",
            "24 mebibytes = 25165824",
            "512 KiB = 524288",
            "512 k = 524288",
            "1 GiB = 1073741824",
            "2 TiB = 2199023255552",
            "1.5 MiB = 1572864",
            "100 B = 100",
            "100 bytes = 100",
            "24 MB = 24000000",
            "1 kB = 1000",
            "3 gigabytes = 3000000000",
            "' 7 K ' = 7168"})
    void parsesHoconSizes(String text, long bytes) {
        assertEquals(bytes, Sizes.parse(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "lots | not a size: \"lots\" (write e.g. 24 MiB, 512 KiB or 8192)",
            "'' | not a size: \"\" (write e.g. 24 MiB, 512 KiB or 8192)",
            "24 MiBs | unknown unit \"MiBs\" in \"24 MiBs\" (use B, KiB, MiB, GiB or TiB)",
            "24 KB | unknown unit \"KB\" in \"24 KB\" (use B, KiB, MiB, GiB or TiB)",
            "-1 MiB | a size cannot be negative: \"-1 MiB\"",
            "0.5 B | not a whole number of bytes: \"0.5 B\"",
            "8 EiB | too large: \"8 EiB\"",
            "1 ZiB | too large: \"1 ZiB\""})
    void rejectsWhatIsNotASize(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text)).getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "25165824, 24 MiB",
            "1073741824, 1 GiB",
            "524288, 512 KiB",
            "1572864, 1536 KiB",
            "8193, 8193 B",
            "0, 0 B",
            "2199023255552, 2 TiB"})
    void formatsInTheLargestWholeBinaryUnit(long bytes, String text) {
        assertEquals(text, Sizes.format(bytes));
        assertEquals(bytes, Sizes.parse(text));
    }
}
