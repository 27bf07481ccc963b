package pmapsim.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where runs are kept: an embedded H2 file database (the default, zero set-up), a PostgreSQL database (shared and
 * cluster use), or nowhere ({@code none}: the run's events live in memory for its lifetime).
 *
 * @param kind     which one
 * @param url      the JDBC URL (null for none)
 * @param user     the database user ("" for H2's default)
 * @param password never printed; {@link #toString} leaves it out
 */
public record JournalSettings(Kind kind, String url, String user, String password) {
    public enum Kind { H2, POSTGRESQL, NONE }

    public static final String USER_ENV = "PMAPSIM_JOURNAL_USER";
    public static final String PASSWORD_ENV = "PMAPSIM_JOURNAL_PASSWORD";
    public static final Path DEFAULT_H2 = Path.of("data", "pmapsim");

    public static JournalSettings none() {
        return new JournalSettings(Kind.NONE, null, "", "");
    }

    /** The embedded H2 file database at {@code file} (H2 adds {@code .mv.db}); other processes may share it. */
    public static JournalSettings h2(Path file) {
        return new JournalSettings(Kind.H2, "jdbc:h2:file:" + file.toAbsolutePath()
                + ";DATABASE_TO_UPPER=false;AUTO_SERVER=TRUE", "sa", "");
    }

    /**
     * From the command line: {@code spec} is {@code none}, {@code h2} (the default file), {@code h2:PATH}, or a JDBC
     * URL ({@code jdbc:postgresql://HOST:PORT/DB} or {@code jdbc:h2:...}); user and password come from the options
     * or, when those are absent, from {@value #USER_ENV} and {@value #PASSWORD_ENV}.
     */
    public static JournalSettings parse(String spec, String user, String password, Map<String, String> env)
            throws JournalException {
        String s = spec == null ? "h2" : spec.trim();
        String u = user != null ? user : env.getOrDefault(USER_ENV, "");
        String p = password != null ? password : env.getOrDefault(PASSWORD_ENV, "");
        if (s.equals("none")) {
            return none();
        }
        if (s.equals("h2")) {
            return h2(DEFAULT_H2);
        }
        if (s.startsWith("h2:")) {
            return h2(Path.of(s.substring(3)));
        }
        if (s.startsWith("jdbc:postgresql:")) {
            String url = s.contains("reWriteBatchedInserts") ? s
                    : s + (s.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
            return new JournalSettings(Kind.POSTGRESQL, url, u, p);
        }
        if (s.startsWith("jdbc:h2:")) {
            String url = s.contains("DATABASE_TO_UPPER") ? s : s + ";DATABASE_TO_UPPER=false";
            return new JournalSettings(Kind.H2, url, u.isEmpty() ? "sa" : u, p);
        }
        throw new JournalException("unknown journal \"" + s + "\": use none, h2, h2:PATH, or a JDBC URL such as "
                + "jdbc:postgresql://HOST:PORT/DB");
    }

    public boolean durable() {
        return kind != Kind.NONE;
    }

    /** The URL without anything secret (a password in the URL is masked). */
    public String describe() {
        if (kind == Kind.NONE) {
            return "none (in memory)";
        }
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        return "journal " + describe() + (user.isEmpty() ? "" : " as " + user);
    }

    /** The journal plugin the model actors write to. */
    public String pluginId() {
        return durable() ? "pmapsim.journal.durable" : "pmapsim.journal.memory";
    }

    /**
     * The actor system's configuration for this journal: pekko-persistence-jdbc on one shared pool, and pmapsim's
     * write-behind plugin in front of it. {@code base} is the rest of the configuration (application.conf).
     */
    public Config actorConfig(Config base) {
        if (!durable()) {
            return base;
        }
        Map<String, Object> db = Map.of(
                "url", url,
                "user", user,
                "password", password,
                "driver", kind == Kind.H2 ? "org.h2.Driver" : "org.postgresql.Driver",
                "numThreads", 2, "maxConnections", 2, "minConnections", 1,
                "connectionTimeout", 5000, "validationTimeout", 1000);
        Config c = ConfigFactory.empty()
                .withValue("pekko-persistence-jdbc.shared-databases.default.db", ConfigValueFactory.fromMap(db))
                .withValue("pekko-persistence-jdbc.shared-databases.default.profile", ConfigValueFactory.fromAnyRef(
                        kind == Kind.H2 ? "slick.jdbc.H2Profile$" : "slick.jdbc.PostgresProfile$"));
        return c.withFallback(base);
    }
}
