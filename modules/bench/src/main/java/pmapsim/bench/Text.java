package pmapsim.bench;

import java.util.List;

/** A plain-text table: the first column left-aligned, the others right-aligned, two spaces between. */
final class Text {
    private Text() {
    }

    static String table(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                String fill = " ".repeat(width[c] - row[c].length());
                line.append(c == 0 ? row[c] + fill : "  " + fill + row[c]);
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }
}
