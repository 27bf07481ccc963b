package pmapsim.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The journal database on H2 and on a real PostgreSQL: schema, catalogue, and the errors a user sees. */
class JournalDbTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void schemaIsCreatedOnFirstUseAndCreatingItAgainIsHarmless(String db) throws Exception {
        JournalSettings s = Databases.of(db);
        try (JournalDb first = JournalDb.open(s)) {
            first.started(new RunRow("schema-" + db, "sc", "sc.conf", "{}", 1, "netbsd-1998", 1, 1000, null, null,
                    null, 0, 0, 0, 0));
        }
        try (JournalDb again = JournalDb.open(s)) { // runs the (re-runnable) script again
            assertTrue(again.run("schema-" + db).isPresent());
            assertEquals(null, again.require("schema-" + db).outcome(), "a run that never ended has no outcome");
        }
    }

    /**
     * The heap running out while a driver reads is no fault of the journal: H2's own exception for it (90108) and a
     * driver's exception caused by an {@code OutOfMemoryError} come out as that error, anything else is left alone.
     */
    @Test
    void anOutOfMemoryErrorInsideTheDriverIsNotCalledAnUnreadableJournal() {
        java.sql.SQLException h2 = org.h2.message.DbException.get(org.h2.api.ErrorCode.OUT_OF_MEMORY).getSQLException();
        OutOfMemoryError fromH2 = assertThrows(OutOfMemoryError.class, () -> JournalDb.rethrowOutOfMemory(h2));
        assertTrue(fromH2.getMessage().startsWith("Java heap space (in the database driver: "), fromH2.getMessage());
        OutOfMemoryError cause = new OutOfMemoryError("Java heap space");
        java.sql.SQLException wrapped = new java.sql.SQLException("Ran out of memory retrieving query results.",
                "XX000", cause);
        assertEquals(cause, assertThrows(OutOfMemoryError.class, () -> JournalDb.rethrowOutOfMemory(wrapped)));
        JournalDb.rethrowOutOfMemory(new java.sql.SQLException("relation \"event_journal\" does not exist",
                "42P01", 0));
        JournalDb.rethrowOutOfMemory(new java.sql.SQLException("some other driver's code 90108", "HY000", 90108));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anUnknownRunIsOneLineNamingTheJournal(String db) {
        JournalSettings s = Databases.of(db);
        JournalException e = assertThrows(JournalException.class, () -> {
            try (JournalDb j = JournalDb.open(s)) {
                j.require("no-such-run");
            }
        });
        assertTrue(e.getMessage().startsWith("no run no-such-run in journal "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    /**
     * A reader does not serve a shared H2 file (a run that joined it had to reconnect when the reader exited): it
     * holds the file alone, with no lock file that others could join through. A run serves it, through its lock file.
     */
    @Test
    void aReaderHoldsASharedH2FileAloneWhereARunServesIt() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("pmapsim-reader-");
        JournalSettings js = JournalSettings.h2(dir.resolve("j"));
        java.nio.file.Path lock = dir.resolve("j.lock.db");
        try (JournalDb run = JournalDb.open(js)) {
            assertTrue(java.nio.file.Files.readString(lock).contains("server="), "the run serves the file");
        }
        try (JournalDb reader = JournalDb.openToRead(js)) {
            assertFalse(java.nio.file.Files.exists(lock), "the reader serves it to nobody");
            assertEquals(java.util.List.of(), reader.runs());
        }
        assertEquals("jdbc:h2:file:/x;DATABASE_TO_UPPER=false",
                JournalDb.unshared("jdbc:h2:file:/x;auto_server=true;DATABASE_TO_UPPER=false"));
    }

    @Test
    void anUnreachableDatabaseIsOneLine() throws Exception {
        JournalSettings s = JournalSettings.parse("jdbc:postgresql://127.0.0.1:1/nothing", "u", "secret", Map.of());
        JournalException e = assertThrows(JournalException.class, () -> JournalDb.open(s).close());
        assertTrue(e.getMessage().startsWith("cannot open journal jdbc:postgresql://127.0.0.1:1/nothing"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(e.getMessage().contains("secret"), "the password is never printed");
    }

    @Test
    void settingsParseEveryForm() throws Exception {
        assertEquals(JournalSettings.Kind.NONE, JournalSettings.parse("none", null, null, Map.of()).kind());
        assertTrue(JournalSettings.parse("h2", null, null, Map.of()).url().contains("DATABASE_TO_UPPER=false"));
        JournalSettings pg = JournalSettings.parse("jdbc:postgresql://h:5432/db", null, null,
                Map.of(JournalSettings.USER_ENV, "alice", JournalSettings.PASSWORD_ENV, "pw"));
        assertEquals("alice", pg.user());
        assertEquals("pw", pg.password());
        assertTrue(pg.url().endsWith("?reWriteBatchedInserts=true"));
        assertFalse(pg.toString().contains("pw"));
        assertThrows(JournalException.class, () -> JournalSettings.parse("mysql://x", null, null, Map.of()));
    }
}
