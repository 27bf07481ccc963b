package pmapsim.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import pmapsim.actors.run.EventSink;
import pmapsim.actors.run.Stamped;

/**
 * A run's event stream, byte for byte, as a SHA-256 digest: every event's stamp, actor, message, cause, time and body
 * (as JSON). Two runs are the same run when their digests are equal; {@link #firstDifference} says where they part.
 */
public final class EventDigest implements EventSink {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MessageDigest sha;
    /** Every event's text, to name the first difference (it costs memory on long runs). */
    private final List<String> lines = new ArrayList<>();

    public EventDigest() {
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void accept(Stamped e) {
        String line;
        try {
            line = e.seq() + " " + e.actor() + " " + e.msg() + " " + e.cause() + " " + e.time() + " "
                    + e.body().getClass().getSimpleName() + JSON.writeValueAsString(e.body());
        } catch (Exception x) {
            throw new IllegalStateException(x);
        }
        sha.update(line.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
        lines.add(line);
    }

    /** The digest of everything seen so far (call once, at the end). */
    public String sha256() {
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The first event at which two streams differ, as text, or null when they are equal. */
    public static String firstDifference(EventDigest a, EventDigest b) {
        int n = Math.min(a.lines.size(), b.lines.size());
        for (int i = 0; i < n; i++) {
            if (!a.lines.get(i).equals(b.lines.get(i))) {
                return "event " + i + ": first run " + a.lines.get(i) + "; second run " + b.lines.get(i);
            }
        }
        if (a.lines.size() != b.lines.size()) {
            return "the first run has " + a.lines.size() + " events, the second " + b.lines.size();
        }
        return null;
    }

    public int events() {
        return lines.size();
    }
}
