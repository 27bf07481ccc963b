package pmapsim.actors.run;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An executor that owns no threads (it runs a task where it is given, or hands it to someone who does), for a Pekko
 * dispatcher: shutting it down only marks it, and there is nothing to wait for. A subclass says what
 * {@code execute} does.
 */
public abstract class ThreadlessExecutor extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
