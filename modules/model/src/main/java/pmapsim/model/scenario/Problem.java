package pmapsim.model.scenario;

/** One thing wrong with a scenario: the file and line it comes from (0 when unknown), the key, and what is wrong. */
public record Problem(String file, int line, String key, String message) {

    @Override
    public String toString() {
        String where = file == null ? "" : file + (line > 0 ? ":" + line : "") + ": ";
        return where + (key == null || key.isEmpty() ? "" : key + ": ") + message;
    }
}
