package pmapsim.actors.uvm;

import java.util.Arrays;

/**
 * A page queue (active or inactive) as the kernel keeps one: an intrusive doubly linked list over frame numbers,
 * oldest at the head. O(1) insert at the tail and removal anywhere; iteration order is the order of insertion.
 */
final class FrameQueue {
    private final int[] next;
    private final int[] prev;
    private final boolean[] member;
    private int head = -1;
    private int tail = -1;
    private int size;

    FrameQueue(int frames) {
        next = new int[frames];
        prev = new int[frames];
        member = new boolean[frames];
        Arrays.fill(next, -1);
        Arrays.fill(prev, -1);
    }

    void addTail(int f) {
        if (member[f]) {
            throw new IllegalStateException("frame " + f + " queued twice");
        }
        member[f] = true;
        prev[f] = tail;
        next[f] = -1;
        if (tail >= 0) {
            next[tail] = f;
        } else {
            head = f;
        }
        tail = f;
        size++;
    }

    void remove(int f) {
        if (!member[f]) {
            throw new IllegalStateException("frame " + f + " not queued");
        }
        member[f] = false;
        if (prev[f] >= 0) {
            next[prev[f]] = next[f];
        } else {
            head = next[f];
        }
        if (next[f] >= 0) {
            prev[next[f]] = prev[f];
        } else {
            tail = prev[f];
        }
        next[f] = -1;
        prev[f] = -1;
        size--;
    }

    boolean contains(int f) {
        return member[f];
    }

    int head() {
        return head;
    }

    int next(int f) {
        return next[f];
    }

    int size() {
        return size;
    }
}
