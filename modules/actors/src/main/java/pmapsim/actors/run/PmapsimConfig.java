package pmapsim.actors.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * The configuration of pmapsim's actor systems: {@code -D} options, then {@code application.conf} (the launcher
 * passes {@code config/application.conf}), then every {@code pmapsim.conf} on the class path (pmapsim's settings of
 * Pekko's and the journal plugin's keys), then every {@code reference.conf}.
 */
public final class PmapsimConfig {
    private PmapsimConfig() {
    }

    public static Config load() {
        ClassLoader cl = PmapsimConfig.class.getClassLoader();
        Config ours = ConfigFactory.parseResources(cl, "pmapsim.conf");
        return ConfigFactory.defaultOverrides(cl)
                .withFallback(ConfigFactory.defaultApplication(cl))
                .withFallback(ours)
                .withFallback(ConfigFactory.defaultReference(cl))
                .resolve();
    }
}
