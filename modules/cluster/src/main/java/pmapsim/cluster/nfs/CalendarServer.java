package pmapsim.cluster.nfs;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pmapsim.actors.nfs.NfsServer;
import pmapsim.actors.run.Meta;
import pmapsim.actors.run.ModelEvent;

/**
 * The shared server of a lab run machine after machine in one JVM ({@link pmapsim.cluster.SequentialLab}): a child
 * of one machine's mount that books into a calendar every machine of the lab shares. It decides as the cluster's
 * {@link NfsService} does ({@link NfsService.State#take}); the calendar lives on from machine to machine, so each
 * machine's requests compete with those of the machines run before it. Nothing here is persisted: the lab's server
 * report is folded as it goes.
 */
final class CalendarServer {
    private CalendarServer() {
    }

    static Behavior<NfsService.Command> create(NfsService.State calendar) {
        return Behaviors.receive(NfsService.Command.class)
                .onMessage(NfsService.Serve.class, r -> {
                    ModelEvent e = calendar.take(r.machine(), r.xid(), r.write(), r.bytes(), r.attempt(),
                            r.arrival());
                    calendar.fold.accept(e);
                    Meta meta = new Meta(NfsService.SINGLETON, ++calendar.sent, -1, r.arrival());
                    if (e instanceof NfsService.Served sv) {
                        calendar.served(sv);
                        r.replyTo().tell(new NfsServer.Scheduled(meta, r.xid(), r.attempt(), sv.queueDepth(),
                                sv.start(), sv.done()));
                    } else {
                        NfsService.Dropped d = (NfsService.Dropped) e;
                        r.replyTo().tell(new NfsServer.QueueFull(meta, r.xid(), r.attempt(), d.queueDepth()));
                    }
                    return Behaviors.same();
                })
                .build();
    }
}
