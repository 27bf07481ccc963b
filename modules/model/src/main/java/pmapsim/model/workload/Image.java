package pmapsim.model.workload;

/**
 * An executable: its text pages (shared by every process running it), and the initial sizes of its private data,
 * heap and stack, in pages.
 */
public record Image(String name, int textPages, int dataPages, int heapPages, int stackPages) {
}
