package dev.berth.control.registry;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers of one size, kept for reuse: a taken buffer is the caller's until it gives it
 * back. At most {@code kept} idle buffers are kept; more are made when needed and left to the
 * garbage collector when given back.
 */
final class DirectBuffers {
  private final int size;
  private final int kept;
  private final ConcurrentLinkedQueue<ByteBuffer> idle = new ConcurrentLinkedQueue<>();
  private final AtomicInteger idleCount = new AtomicInteger();

  DirectBuffers(int size, int kept) {
    this.size = size;
    this.kept = kept;
  }

  /** An empty buffer of this pool's size. */
  ByteBuffer take() {
    ByteBuffer buffer = idle.poll();
    if (buffer == null) {
      return ByteBuffer.allocateDirect(size);
    }
    idleCount.decrementAndGet();
    return buffer.clear();
  }

  /** Gives back a buffer {@link #take} handed out. */
  void give(ByteBuffer buffer) {
    if (idleCount.incrementAndGet() <= kept) {
      idle.add(buffer);
    } else {
      idleCount.decrementAndGet();
    }
  }
}
