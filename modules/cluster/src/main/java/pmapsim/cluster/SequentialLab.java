package pmapsim.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pmapsim.actors.control.Strategy;
import pmapsim.actors.machine.Simulation;
import pmapsim.actors.run.Journaling;
import pmapsim.actors.sched.Scheduler;
import pmapsim.cluster.machine.MachineEntity;
import pmapsim.cluster.nfs.NfsMount;
import pmapsim.cluster.nfs.NfsService;
import pmapsim.cluster.nfs.ServerReport;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.scenario.ScenarioException;
import pmapsim.model.scenario.ScenarioLoader;
import pmapsim.report.RunReport;
import pmapsim.report.RunSummary;

/**
 * A cluster scenario run in one JVM, machine after machine, each in controlled mode (one actor turn at a time,
 * chosen by a strategy seeded with the machine's seed): the same lab, seeds and strategy give the same reports, byte
 * for byte. The machines share one server calendar ({@link NfsService.State}): each books its requests into the
 * simulated time the machines before it left free, as a machine that runs behind the others does in a live cluster.
 * So the order of the scenario's machines is the order in which they reach the server first.
 */
public final class SequentialLab {
    private SequentialLab() {
    }

    /** @param progress sees each machine's answer as it ends */
    public static ClusterRun.Result run(String runId, ClusterScenario lab, String strategy,
                                        Consumer<MachineEntity.MachineDone> progress) throws ScenarioException {
        long start = System.nanoTime();
        NfsService.State calendar = NfsService.State.opened(lab.server());
        List<MachineEntity.MachineDone> machines = new ArrayList<>();
        for (ClusterScenario.MachineEntry m : lab.machines()) {
            Scenario scenario = ScenarioLoader.fromText(m.scenarioText(), m.source());
            String machineRun = runId + "-" + m.name();
            RunSummary summary = new RunSummary(scenario);
            Simulation.Controlled c = Simulation.runControlled(machineRun, scenario, List.of(summary),
                    Strategy.of(strategy, scenario.seed()), Journaling.inMemory(),
                    r -> Behaviors.setup(ctx -> NfsMount.create(r, runId, m.name(),
                            ctx.spawn(NfsService.calendarServer(calendar), "nfs-server",
                                    // on the machine's dispatcher: the controlled world runs its turns too
                                    DispatcherSelector.fromConfig(Scheduler.DISPATCHER)))));
            if (!c.leaks().isEmpty()) {
                throw new IllegalStateException("controlled run of " + m.name() + " leaked: "
                        + String.join("; ", c.leaks()));
            }
            RunReport report = summary.report(machineRun, c.result().end(), c.result().events(),
                    c.result().wallMs());
            MachineEntity.MachineDone d = MachineEntity.MachineDone.ran(runId, m.name(), "this JVM", report,
                    scenario.machine().pageSize(), null);
            progress.accept(d);
            machines.add(d);
        }
        ServerReport server = calendar.report(runId);
        return new ClusterRun.Result(runId, lab, machines, server, (System.nanoTime() - start) / 1_000_000);
    }
}
