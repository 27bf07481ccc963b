package pmapsim.actors;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The base of the actor protocol tests: one ActorTestKit (one actor system) per test class. */
public abstract class ActorProtocolTest {
    protected static ActorTestKit kit;

    @BeforeAll
    static void startKit() {
        kit = ActorTestKit.create(pmapsim.actors.run.PmapsimConfig.load());
    }

    @AfterAll
    static void stopKit() {
        kit.shutdownTestKit();
    }
}
