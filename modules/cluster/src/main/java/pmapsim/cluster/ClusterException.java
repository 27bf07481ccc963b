package pmapsim.cluster;

/**
 * A cluster could not be formed or used as asked: a seed node that does not answer, a port that is taken, nodes that
 * disagree on the scenario. The message is one line for the user; the command line exits 2 (bad input) with it.
 */
public final class ClusterException extends Exception {
    public ClusterException(String message) {
        super(message);
    }
}
