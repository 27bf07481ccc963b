package pmapsim.report.stress;

import java.nio.file.Files;
import java.nio.file.Path;

final class Scenarios {
    static Path scenario(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path p = dir.resolve("config/scenarios").resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no config/scenarios/" + name);
    }
}
