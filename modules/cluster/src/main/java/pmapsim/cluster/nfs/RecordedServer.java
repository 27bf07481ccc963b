package pmapsim.cluster.nfs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pmapsim.actors.nfs.NfsServer;
import pmapsim.actors.run.Journaled;
import pmapsim.actors.run.Meta;
import pmapsim.actors.run.RunContext;
import pmapsim.journal.RecordedRun;

/**
 * The shared server as a reproduction of one cluster machine sees it: it answers each forwarded request with the
 * answer the machine's mount recorded taking (the same message id, time, interval or drop), so the machine can be
 * re-executed alone, without the cluster, and compared record by record.
 */
public final class RecordedServer {
    private RecordedServer() {
    }

    private record Key(long xid, int attempt) {
    }

    /** What makes the machine's {@code nfsd}: a mount whose server is the recorded one. */
    public static Function<RunContext, Behavior<NfsServer.Command>> mount(Map<String, List<RecordedRun.Row>> recorded,
                                                                        String clusterRun, String machine) {
        Map<Key, java.util.ArrayDeque<NfsServer.Command>> answers = new HashMap<>();
        for (RecordedRun.Row row : recorded.getOrDefault("nfsd", List.of())) {
            Journaled j = row.record();
            if (!j.msg().startsWith(NfsService.SINGLETON + "#")) {
                continue;
            }
            long seq = Long.parseLong(j.msg().substring(j.msg().indexOf('#') + 1));
            Meta meta = new Meta(NfsService.SINGLETON, seq, -1, j.sentAt());
            if (j.body() instanceof NfsServer.Served s) {
                answers.computeIfAbsent(new Key(s.xid(), s.attempt()), k -> new java.util.ArrayDeque<>()).add(
                        new NfsServer.Scheduled(meta, s.xid(), s.attempt(),
                        s.queueDepth(), s.start(), s.done()));
            } else if (j.body() instanceof NfsMount.Retransmitted r) {
                answers.computeIfAbsent(new Key(r.xid(), r.attempt() - 1), k -> new java.util.ArrayDeque<>()).add(
                        new NfsServer.QueueFull(meta, r.xid(),
                        r.attempt() - 1, r.queueDepth()));
            }
        }
        return run -> Behaviors.setup(ctx -> {
            ActorRef<NfsService.Command> server = ctx.spawn(Behaviors.receive(NfsService.Command.class)
                    .onMessage(NfsService.Serve.class, s -> {
                        java.util.ArrayDeque<NfsServer.Command> q = answers.get(new Key(s.xid(), s.attempt()));
                        NfsServer.Command a = q == null ? null : q.pollFirst();
                        if (a != null) {
                            s.replyTo().tell(a);
                        } else {
                            // none recorded (the live run ended before the mount took it, or the reproduction went
                            // another way): no answer will come, so the mount's request is no longer in flight. Left
                            // counted, a reproduction that gets stuck would never see that nothing moves: it would
                            // wait for its 30-minute limit instead of ending and saying where it left the record.
                            run.log().handled();
                        }
                        return Behaviors.same();
                    }).build(), "recorded-nfs-server");
            return NfsMount.create(run, clusterRun, machine, server);
        });
    }
}
