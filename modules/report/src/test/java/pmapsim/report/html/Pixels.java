package pmapsim.report.html;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;

/** What an image has on it: how many colours, how much of it is not the background. */
record Pixels(int width, int height, int colours, double inked) {

    static Pixels of(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        int background = img.getRGB(0, 0) & 0xffffff;
        long inked = 0;
        long n = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != background) {
                    inked++;
                }
                n++;
            }
        }
        return new Pixels(img.getWidth(), img.getHeight(), colours.size(), n == 0 ? 0 : (double) inked / n);
    }

    /**
     * Not blank: many colours, and a real share of the picture drawn on (2%: the close-up of free pages is mostly
     * white by nature; 4.7% of it is drawn on the seed run; a blank picture has one colour and nothing drawn).
     */
    boolean varied() {
        return colours >= 16 && inked >= 0.02;
    }
}
