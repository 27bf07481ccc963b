package pmapsim.actors.run;

import com.typesafe.config.Config;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;

/**
 * The executor of the journal's dispatcher in live runs ({@code pmapsim.journal-dispatcher}): it runs the journal's
 * mailbox on the thread that made it runnable, which is the writing model actor's own, at once, instead of handing it
 * to a pool thread.
 *
 * <p>Why (issue 8): every turn of every model actor is a write to the one journal actor and an answer back. On a
 * pool, both are a hand-over between threads (a wake-up, a park, the mailbox's cache lines moving), twice per turn;
 * the profile of a live run showed a quarter of the model threads' time in the kernel. Run here, the journal answers
 * within the writer's turn, its answers wait in the writer's mailbox, which is running, and the writer takes them in
 * the same run of its mailbox. Nothing else changes: Pekko's mailbox still runs one actor on one thread at a time (a
 * write from another thread while the journal runs is queued, and taken by the thread running it), and the journal
 * answers exactly what it answered before.
 *
 * <p>A runnable queued by a thread that is already running one here (the journal's mailbox scheduling itself again)
 * runs when that one returns, never nested: the stack does not grow with the load.
 *
 * <p>Controlled runs keep the journal on the controlled dispatcher, where its turns are the driver's.
 */
public final class InlineExecutor extends ExecutorServiceConfigurator {
    public InlineExecutor(Config config, DispatcherPrerequisites prerequisites) {
        super(config, prerequisites);
    }

    @Override
    public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
        return Inline::new;
    }

    private static final class Inline extends ThreadlessExecutor {
        /**
         * This thread's runnables queued while it runs one here. One per thread for the thread's life: setting and
         * removing a thread-local at every run was 2 % of the model threads' samples (JFR, live seed run).
         */
        private static final ThreadLocal<Pending> PENDING = ThreadLocal.withInitial(Pending::new);

        private static final class Pending {
            final ArrayDeque<Runnable> queue = new ArrayDeque<>();
            boolean running;
        }

        @Override
        public void execute(Runnable command) {
            Pending pending = PENDING.get();
            if (pending.running) {
                pending.queue.add(command);
                return;
            }
            pending.running = true;
            try {
                command.run();
                for (Runnable next = pending.queue.poll(); next != null; next = pending.queue.poll()) {
                    next.run();
                }
            } finally {
                pending.queue.clear(); // after a throw: what was queued behind it is dropped, as before
                pending.running = false;
            }
        }
    }
}
