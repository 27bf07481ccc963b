package pmapsim.journal;

/** Something about the journal went wrong; its message is one line a user can act on (exit 7). */
public final class JournalException extends Exception {
    public JournalException(String message) {
        super(message, null, false, false);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
