package pmapsim.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import pmapsim.cluster.ClusterScenario;
import pmapsim.cluster.Node;

/** {@code pmapsim node}: one cluster node that hosts machines, the shared singletons and a stress worker. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Start a cluster node on this machine and keep it running until it is stopped: it hosts "
                + "machines of cluster runs (Cluster Sharding), the shared NFS server and the campaign coordinator "
                + "(Cluster Singletons), and a stress worker. Without --seed-node it starts a new cluster."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  stopped", "  2  bad input: a taken port, a seed node that does not answer, a bad scenario",
                "  7  the journal cannot be used"})
final class NodeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "P", required = true, description = "the port remoting binds")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "the address remoting binds and other nodes use (default 127.0.0.1)")
    String host;

    @Option(names = "--seed-node", paramLabel = "HOST:PORT", description = "a node of the cluster to join "
            + "(repeatable); none: this node starts a cluster")
    List<String> seeds = new ArrayList<>();

    @Option(names = "--scenario", paramLabel = "FILE", description = "refuse cluster runs of any other scenario")
    Path scenario;

    @Option(names = "--join-timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "give up when no seed node answers within this (default 15 s)")
    int joinTimeout;

    @Option(names = "--exit-with-parent", hidden = true, description = "exit when the parent process exits")
    boolean exitWithParent;

    @Mixin
    JournalOptions journal;

    @Override
    public Integer call() throws Exception {
        String sha = null;
        if (scenario != null) {
            sha = ClusterScenario.load(scenario).sha256();
        }
        for (String s : seeds) {
            ClusterCommand.checkAddress(s, "--seed-node");
        }
        if (port < 1 || port > 65535) {
            throw new Main.BadInput("--port wants a port from 1 to 65535, not " + port);
        }
        var settings = journal.settings();
        if (settings.durable()) {
            try (var db = pmapsim.journal.JournalDb.open(settings)) {
                // the schema exists before the first machine writes
            }
        }
        Node node = Node.start(new Node.Settings(host, port, seeds, true, settings, sha,
                Duration.ofSeconds(joinTimeout)));
        System.err.println("pmapsim: node " + node.address() + " is up");
        if (exitWithParent) {
            ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> {
                node.system().terminate();
            }));
        }
        node.awaitTermination();
        return 0;
    }
}
