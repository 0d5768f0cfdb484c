package dev.berth.link;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Two links joined back to back, each direction delivered in order on its own thread, as a
 * WebSocket would. Used to test the link protocol without a network.
 */
final class InMemoryLinkPair implements AutoCloseable {
  final Link controlPlane;
  final Link agent;
  private final ExecutorService toAgent = Executors.newSingleThreadExecutor();
  private final ExecutorService toControlPlane = Executors.newSingleThreadExecutor();

  InMemoryLinkPair(Link.ControlHandler cpHandler, Link.StreamAcceptor cpAcceptor,
                   Link.ControlHandler agentHandler, Link.StreamAcceptor agentAcceptor) {
    Link[] ends = new Link[2];
    controlPlane = new Link(Link.Side.CONTROL_PLANE, transport(toAgent, () -> ends[1]), cpHandler, cpAcceptor);
    agent = new Link(Link.Side.AGENT, transport(toControlPlane, () -> ends[0]), agentHandler, agentAcceptor);
    ends[0] = controlPlane;
    ends[1] = agent;
  }

  private static LinkTransport transport(ExecutorService delivery, java.util.function.Supplier<Link> peer) {
    return new LinkTransport() {
      @Override
      public CompletionStage<?> sendText(String text) {
        return CompletableFuture.runAsync(() -> peer.get().onText(text), delivery);
      }

      @Override
      public CompletionStage<?> sendBinary(ByteBuffer frame) {
        ByteBuffer copy = ByteBuffer.allocate(frame.remaining()).put(frame.duplicate()).flip();
        return CompletableFuture.runAsync(() -> peer.get().onBinary(copy), delivery);
      }

      @Override
      public void close(String reason) {
        delivery.execute(() -> peer.get().onClosed(reason));
      }
    };
  }

  @Override
  public void close() {
    toAgent.shutdownNow();
    toControlPlane.shutdownNow();
  }
}
