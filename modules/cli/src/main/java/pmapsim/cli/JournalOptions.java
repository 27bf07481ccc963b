package pmapsim.cli;

import picocli.CommandLine.Option;
import pmapsim.journal.JournalException;
import pmapsim.journal.JournalSettings;

/** Where runs are kept; every command that reads or writes runs takes these. */
final class JournalOptions {
    /** The default journal when no option names one ({@code -Dpmapsim.default-journal=...}; tests point it elsewhere). */
    static final String DEFAULT_PROPERTY = "pmapsim.default-journal";

    @Option(names = "--journal", paramLabel = "SPEC", description = "where runs are kept: h2 (default: the H2 file "
            + "data/pmapsim), h2:PATH, none (keep nothing), or a JDBC URL")
    String journal;

    @Option(names = "--journal-url", paramLabel = "URL",
            description = "a JDBC URL, e.g. jdbc:postgresql://HOST:PORT/DB (same as --journal URL)")
    String url;

    @Option(names = "--journal-user", paramLabel = "USER",
            description = "the database user (or " + JournalSettings.USER_ENV + ")")
    String user;

    @Option(names = "--journal-password", paramLabel = "PASSWORD", arity = "0..1", interactive = true,
            description = "the database password (or " + JournalSettings.PASSWORD_ENV + "); never printed")
    String password;

    /** The journal the options name; a spec that names none is a command-line mistake (exit 2), not the journal's. */
    JournalSettings settings() throws Main.BadInput {
        String spec = url != null ? url : journal != null ? journal : System.getProperty(DEFAULT_PROPERTY, "h2");
        try {
            return JournalSettings.parse(spec, user, password, System.getenv());
        } catch (JournalException e) {
            throw new Main.BadInput((url != null ? "--journal-url: " : "--journal: ") + e.getMessage());
        }
    }
}
