package pmapsim.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import pmapsim.actors.run.PmapsimConfig;
import pmapsim.cluster.campaign.CampaignCoordinator;
import pmapsim.cluster.campaign.Worker;
import pmapsim.cluster.machine.MachineEntity;
import pmapsim.cluster.nfs.NfsService;
import pmapsim.journal.JournalSettings;

/**
 * One pmapsim cluster node: an actor system on Pekko Cluster (remoting on {@code host:port}, the cluster formed from
 * seed nodes), hosting, when it has the {@code machine} role, the machines (Cluster Sharding entities), the shared
 * NFS server and the campaign coordinator (Cluster Singletons), and a stress worker. A node without that role (the
 * process that drives a {@code cluster run} or a distributed {@code stress}) only talks to them.
 *
 * <p>Its actors run on Pekko's ordinary dispatchers: a worker's controlled runs get their own local actor system.
 */
public final class Node implements AutoCloseable {
    public static final String SYSTEM = "pmapsim-cluster";
    /** Hosts machines, the singletons and a stress worker. */
    public static final String ROLE = "machine";

    /**
     * @param host     where remoting binds and what other nodes call it (127.0.0.1 unless asked otherwise)
     * @param port     0 for any free port
     * @param seeds    {@code HOST:PORT} of seed nodes; empty: this node is the first (it seeds itself)
     * @param hosts    whether it hosts machines and singletons (the {@link #ROLE} role)
     * @param worker   whether it runs a stress worker (a benchmark's coordinator-only node does not)
     * @param scenarioSha the digest of the scenario the node was started with, or null (it takes any)
     * @param joinTimeout how long to wait for a seed node before giving up
     */
    public record Settings(String host, int port, List<String> seeds, boolean hosts, boolean worker,
                           JournalSettings journal, String scenarioSha, Duration joinTimeout) {
        /** A node that hosts has a stress worker too. */
        public Settings(String host, int port, List<String> seeds, boolean hosts, JournalSettings journal,
                        String scenarioSha, Duration joinTimeout) {
            this(host, port, seeds, hosts, hosts, journal, scenarioSha, joinTimeout);
        }
    }

    private final ActorSystem<Void> system;
    private final Settings settings;
    private final ActorRef<NfsService.Command> nfs;
    private final ActorRef<CampaignCoordinator.Command> campaigns;
    private final MachineEntity.NodeContext nodeContext;

    private Node(ActorSystem<Void> system, Settings settings) {
        this.system = system;
        this.settings = settings;
        String plugin = settings.journal().pluginId();
        ClusterSingleton singletons = ClusterSingleton.get(system);
        ClusterSingletonSettings onHosts = ClusterSingletonSettings.create(system).withRole(ROLE);
        this.nfs = singletons.init(SingletonActor.of(NfsService.create(plugin), NfsService.SINGLETON)
                .withSettings(onHosts));
        this.campaigns = singletons.init(SingletonActor.of(CampaignCoordinator.create(
                settings.journal().durable() ? "jdbc-journal" : plugin), CampaignCoordinator.SINGLETON)
                .withSettings(onHosts));
        this.nodeContext = new MachineEntity.NodeContext(settings.journal(), settings.scenarioSha(), nfs,
                address());
        ClusterSharding.get(system).init(Entity.of(MachineEntity.TYPE, ctx -> MachineEntity.create(
                        ctx.getEntityId(), nodeContext))
                .withRole(ROLE)
                .withMessageExtractor(new MachineEntity.Extractor()));
        if (settings.worker()) {
            system.systemActorOf(Worker.create(campaigns, address()), "stress-worker",
                    org.apache.pekko.actor.typed.Props.empty());
        }
    }

    /**
     * Starts the node and waits until it is a member of the cluster (Up).
     *
     * @throws ClusterException the port is taken, or no seed node answered within the join timeout
     */
    public static Node start(Settings s) throws ClusterException {
        if (s.port() != 0) {
            try (ServerSocket probe = new ServerSocket(s.port(), 1, InetAddress.getByName(s.host()))) {
                probe.setReuseAddress(true);
            } catch (BindException e) {
                throw new ClusterException("port " + s.port() + " on " + s.host() + " is taken: choose another "
                        + "with --port");
            } catch (IOException e) {
                throw new ClusterException("cannot bind " + s.host() + ":" + s.port() + ": " + e.getMessage());
            }
        }
        Config config = config(s);
        ActorSystem<Void> system;
        try {
            system = ActorSystem.create(Behaviors.empty(), SYSTEM, config);
        } catch (RuntimeException e) {
            Throwable t = e;
            while (t != null) {
                if (t instanceof BindException) {
                    throw new ClusterException("port " + s.port() + " on " + s.host() + " is taken: choose "
                            + "another with --port");
                }
                t = t.getCause();
            }
            throw new ClusterException("the cluster node did not start: " + e.getMessage());
        }
        CompletableFuture<Void> up = new CompletableFuture<>();
        org.apache.pekko.cluster.Cluster classic = org.apache.pekko.cluster.Cluster.get(system.classicSystem());
        classic.registerOnMemberUp(() -> up.complete(null));
        system.getWhenTerminated().thenRun(() -> up.completeExceptionally(new IllegalStateException("terminated")));
        try {
            up.get(s.joinTimeout().toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            system.terminate();
            awaitTermination(system);
            throw new ClusterException("cannot join the cluster: no seed node answered at "
                    + String.join(", ", s.seeds()) + " within " + s.joinTimeout().toSeconds() + " s");
        }
        return new Node(system, s);
    }

    static Config config(Settings s) {
        List<String> seeds = new ArrayList<>();
        if (s.seeds().isEmpty()) {
            seeds.add("pekko://" + SYSTEM + "@" + s.host() + ":" + s.port());
        } else {
            for (String seed : s.seeds()) {
                seeds.add("pekko://" + SYSTEM + "@" + seed);
            }
        }
        String text = String.join("\n",
                "pekko.actor.provider = cluster",
                "pekko.remote.artery.transport = tcp",
                "pekko.remote.artery.canonical.hostname = \"" + s.host() + "\"",
                "pekko.remote.artery.canonical.port = " + s.port(),
                "pekko.cluster.roles = " + (s.hosts() ? "[" + ROLE + "]" : "[]"),
                "pekko.cluster.downing-provider-class = \"org.apache.pekko.cluster.sbr.SplitBrainResolverProvider\"",
                "pekko.cluster.split-brain-resolver.active-strategy = keep-majority",
                "pekko.cluster.split-brain-resolver.stable-after = 3s",
                // a node is unreachable after 8 s without heartbeats: machines that run several JVMs on few
                // cores (and GC pauses) delay heartbeats by seconds, and a healthy node must not be downed
                "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 8s",
                "pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes = "
                        + s.joinTimeout().toMillis() + "ms",
                "pekko.cluster.jmx.enabled = off",
                "pekko.cluster.log-info = off",
                "pekko.cluster.sharding.passivation.strategy = none",
                "pekko.cluster.sharding.rebalance-interval = 1h",
                "pekko.cluster.sharding.number-of-shards = 1000",
                "pekko.coordinated-shutdown.exit-jvm = off",
                "pekko.coordinated-shutdown.run-by-actor-system-terminate = on",
                "pekko.remote.artery.advanced.maximum-frame-size = 4MiB",
                "pekko.remote.artery.advanced.buffer-pool-size = 256",
                "pekko.remote.artery.advanced.maximum-large-frame-size = 4MiB");
        Config cluster = ConfigFactory.parseString(text)
                .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds));
        return cluster.withFallback(s.journal().actorConfig(PmapsimConfig.load())).resolve();
    }

    public ActorSystem<Void> system() {
        return system;
    }

    public Settings settings() {
        return settings;
    }

    public ActorRef<NfsService.Command> nfs() {
        return nfs;
    }

    public ActorRef<CampaignCoordinator.Command> campaigns() {
        return campaigns;
    }

    /** This node's address as HOST:PORT. */
    public String address() {
        org.apache.pekko.actor.Address a = org.apache.pekko.cluster.Cluster.get(system.classicSystem())
                .selfAddress();
        return a.getHost().orElse("?") + ":" + a.getPort().orElse(0);
    }

    /** How many members with the machine role are Up. */
    public int hostsUp() {
        int n = 0;
        for (org.apache.pekko.cluster.Member m : org.apache.pekko.cluster.Cluster.get(system.classicSystem())
                .state().getMembers()) {
            if (m.status() == MemberStatus.up() && m.hasRole(ROLE)) {
                n++;
            }
        }
        return n;
    }

    /** Waits until {@code n} members with the machine role are Up. */
    public void awaitHosts(int n, Duration timeout) throws ClusterException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (hostsUp() < n) {
            if (System.nanoTime() > deadline) {
                throw new ClusterException("only " + hostsUp() + " of " + n + " nodes joined the cluster within "
                        + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(50); // polling the cluster's membership from the command's own thread, not an actor
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("interrupted");
            }
        }
    }

    /** Blocks until the node's actor system stops (a {@code node} process runs until killed). */
    public void awaitTermination() {
        awaitTermination(system);
    }

    private static void awaitTermination(ActorSystem<?> system) {
        try {
            system.getWhenTerminated().toCompletableFuture().get();
        } catch (Exception ignored) {
            // gone either way
        }
    }

    /** Whether a node of this JVM has begun to close: from then on, peers dropping their connections is expected. */
    private static volatile boolean closing;

    /**
     * True once a node of this JVM has begun to {@link #close}. While a node leaves, its peers close their connections
     * to it and Pekko's remoting logs each as a failed stream (a warning, six for three peers): the command's log
     * filter drops those, and only those, from then on.
     */
    public static boolean closing() {
        return closing;
    }

    /** Leaves the cluster and stops. */
    @Override
    public void close() {
        closing = true;
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // it is going anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A free TCP port on {@code host} (for local nodes and tests). */
    public static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage());
        }
    }
}
