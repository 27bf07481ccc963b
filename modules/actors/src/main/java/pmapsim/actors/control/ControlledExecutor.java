package pmapsim.actors.control;

import com.typesafe.config.Config;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;

/**
 * The executor of the controlled dispatcher ({@code pmapsim.controlled-dispatcher}): {@code execute} only queues
 * the runnable in the {@link World}, whose driver runs one at a time. Pekko creates it by reflection, so the world
 * is one per JVM.
 */
public final class ControlledExecutor extends ExecutorServiceConfigurator {
    public ControlledExecutor(Config config, DispatcherPrerequisites prerequisites) {
        super(config, prerequisites);
    }

    @Override
    public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
        return new ExecutorServiceFactory() {
            @Override
            public ExecutorService createExecutorService() {
                return new Queueing();
            }
        };
    }

    private static final class Queueing extends pmapsim.actors.run.ThreadlessExecutor {
        @Override
        public void execute(Runnable command) {
            World.INSTANCE.enqueue(command);
        }
    }
}
