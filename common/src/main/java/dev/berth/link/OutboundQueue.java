package dev.berth.link;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * Orders everything the link sends through one transport, one message at a time. Control messages
 * and stream heads go first; stream bytes and END wait in arrival order, so a stream's END never
 * overtakes its DATA. Memory stays bounded because stream bytes only enter here within the
 * receiver's flow-control credit.
 */
final class OutboundQueue {
  private record Item(String text, ByteBuffer binary, CompletableFuture<Void> sent) {}

  private final LinkTransport transport;
  private final Queue<Item> urgent = new ArrayDeque<>();
  private final Queue<Item> data = new ArrayDeque<>();
  private boolean sending;
  private boolean closed;

  OutboundQueue(LinkTransport transport) {
    this.transport = transport;
  }

  /** Queues a control message ahead of stream data. */
  CompletableFuture<Void> sendText(String text) {
    return enqueue(urgent, new Item(text, null, new CompletableFuture<>()));
  }

  /** Queues a frame ahead of stream data (heads, windows, resets). */
  CompletableFuture<Void> sendUrgent(Frame frame) {
    return enqueue(urgent, new Item(null, frame.encode(), new CompletableFuture<>()));
  }

  /** Queues a DATA or END frame behind earlier ones. */
  CompletableFuture<Void> sendInOrder(Frame frame) {
    return enqueue(data, new Item(null, frame.encode(), new CompletableFuture<>()));
  }

  /** Fails everything still queued; later sends fail at once. */
  void close() {
    synchronized (this) {
      closed = true;
    }
    failAll(urgent);
    failAll(data);
  }

  private CompletableFuture<Void> enqueue(Queue<Item> queue, Item item) {
    synchronized (this) {
      if (closed) {
        item.sent.completeExceptionally(new LinkClosedException("link closed"));
        return item.sent;
      }
      queue.add(item);
    }
    drain();
    return item.sent;
  }

  // Iterative rather than recursive: a transport that completes sends at once must not grow the stack.
  private void drain() {
    while (true) {
      Item next;
      synchronized (this) {
        if (sending || closed) {
          return;
        }
        next = urgent.isEmpty() ? data.poll() : urgent.poll();
        if (next == null) {
          return;
        }
        sending = true;
      }
      CompletableFuture<?> send;
      try {
        send = (next.text != null ? transport.sendText(next.text) : transport.sendBinary(next.binary))
            .toCompletableFuture();
      } catch (RuntimeException e) {
        send = CompletableFuture.failedFuture(e);
      }
      if (!send.isDone()) {
        send.whenComplete((ok, failure) -> {
          finish(next, failure);
          drain();
        });
        return;
      }
      finish(next, send.isCompletedExceptionally() ? failureOf(send) : null);
    }
  }

  private void finish(Item item, Throwable failure) {
    synchronized (this) {
      sending = false;
    }
    if (failure != null) {
      item.sent.completeExceptionally(failure);
    } else {
      item.sent.complete(null);
    }
  }

  private static Throwable failureOf(CompletableFuture<?> done) {
    try {
      done.join();
      return null;
    } catch (RuntimeException e) {
      return e.getCause() != null ? e.getCause() : e;
    }
  }

  private void failAll(Queue<Item> queue) {
    Item item;
    while (true) {
      synchronized (this) {
        item = queue.poll();
      }
      if (item == null) {
        return;
      }
      item.sent.completeExceptionally(new LinkClosedException("link closed"));
    }
  }
}
