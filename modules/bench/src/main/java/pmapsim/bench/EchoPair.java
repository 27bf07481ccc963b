package pmapsim.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The ceiling: two plain Pekko Typed actors on the default dispatcher passing one ball back and forth with
 * {@code tell}. Every tell is one message; one message is in flight at a time, as in a ping-pong. The actor system is
 * started once and its start is never timed. {@link PersistentEchoPair#create} plays the same rally with
 * event-sourced players.
 */
final class EchoPair implements AutoCloseable {

    /** The ball: how many more tells to make, who to send it back to, and what to complete when none are left. */
    record Ball(long left, ActorRef<Ball> from, CompletableFuture<Void> done) {
    }

    /** Asks the guardian to serve one ball for {@code messages} tells. */
    record Serve(long messages, CompletableFuture<Void> done) {
    }

    private final ActorSystem<Serve> system;

    EchoPair() {
        this("echo", ConfigFactory.load(), name -> player(), Props.empty());
    }

    /** A pair of {@code player}s (given "a" or "b"), spawned with {@code props}, in a system of {@code config}. */
    EchoPair(String systemName, Config config, Function<String, Behavior<Ball>> player, Props props) {
        system = ActorSystem.create(guardian(player, props), systemName, config);
    }

    /** Passes {@code messages} tells between the pair and returns the messages per second. */
    double messagesPerSecond(long messages) {
        long start = System.nanoTime();
        await(serve(messages));
        double seconds = (System.nanoTime() - start) / 1e9;
        return messages / seconds;
    }

    /** Serves one ball for {@code messages} tells; the future completes with the last one. */
    CompletableFuture<Void> serve(long messages) {
        if (messages < 1) {
            throw new IllegalArgumentException("messages must be at least 1");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        system.tell(new Serve(messages, done));
        return done;
    }

    /** Asks the system to terminate; the future completes when it has. */
    CompletableFuture<?> terminate() {
        system.terminate();
        return system.getWhenTerminated().toCompletableFuture();
    }

    ActorSystem<?> system() {
        return system;
    }

    @Override
    public void close() {
        await(terminate());
    }

    private static Behavior<Serve> guardian(Function<String, Behavior<Ball>> player, Props props) {
        return Behaviors.setup(ctx -> {
            ActorRef<Ball> a = ctx.spawn(player.apply("a"), "a", props);
            ActorRef<Ball> b = ctx.spawn(player.apply("b"), "b", props);
            return Behaviors.receive(Serve.class)
                    .onMessage(Serve.class, s -> {
                        a.tell(new Ball(s.messages() - 1, b, s.done())); // the serve is the first message
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /** A plain player: sends the ball back (or completes the rally). */
    static Behavior<Ball> player() {
        return Behaviors.setup(ctx -> Behaviors.receive(Ball.class)
                .onMessage(Ball.class, ball -> {
                    if (ball.left() == 0) {
                        ball.done().complete(null);
                    } else {
                        ball.from().tell(new Ball(ball.left() - 1, ctx.getSelf(), ball.done()));
                    }
                    return Behaviors.same();
                })
                .build());
    }

    /** Waits for completion; the bound only turns a hung benchmark into an error, nothing waits on it. */
    private static void await(CompletableFuture<?> f) {
        try {
            f.get(Duration.ofMinutes(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e instanceof TimeoutException ? "the echo pair did not finish"
                    : "the echo pair failed: " + e.getCause(), e);
        }
    }
}
