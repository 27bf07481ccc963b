package pmapsim.cluster;

import pmapsim.journal.JournalDb;
import pmapsim.journal.JournalException;
import pmapsim.journal.JournalSettings;

/**
 * Opens the journal's catalogue from one of several JVMs at once. An H2 file in AUTO_SERVER mode lets several
 * processes share it, but while the first is starting H2's server the others can find the file locked for a moment:
 * they try again for a few seconds before giving up with H2's message.
 */
public final class Journals {
    private Journals() {
    }

    public static JournalDb open(JournalSettings settings) throws JournalException {
        JournalException last = null;
        for (int attempt = 0; attempt < 40; attempt++) {
            try {
                return JournalDb.open(settings);
            } catch (JournalException e) {
                String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
                boolean waitedAlready = m.contains("stayed locked"); // JournalDb waited a minute for the lock itself
                if (settings.kind() != JournalSettings.Kind.H2 || waitedAlready || !(m.contains("lock")
                        || m.contains("already in use") || m.contains("error opening database")
                        || m.contains("connection is broken"))) {
                    throw e;
                }
                last = e;
                try {
                    Thread.sleep(250L + 50L * attempt); // another JVM is starting the shared H2 server
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        throw last;
    }
}
