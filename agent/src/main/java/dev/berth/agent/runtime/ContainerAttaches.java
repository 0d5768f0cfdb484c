package dev.berth.agent.runtime;

import dev.berth.agent.runtime.attach.AttachSocket;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Connections to containers' attach sockets. A container with a live monitor is connected at once;
 * one without (exited, or not re-created since a reboot) when its next process has been created and
 * before it starts ({@code docker start -a} attaches first, then starts), so nothing it writes is
 * missed. Checking the state and waiting happen under one lock, which the runtime also takes when
 * a process is created, so no start slips between them.
 */
final class ContainerAttaches {
  @FunctionalInterface
  interface ContainerLookup {
    Container get() throws IOException;
  }

  // guarded by itself
  private final Map<String, List<CompletableFuture<AttachSocket>>> waiting = new HashMap<>();

  /** A connection to the container {@code lookup} finds, whose bundle is {@code bundleOf(container)}. */
  CompletableFuture<AttachSocket> attach(ContainerLookup lookup, Function<Container, Path> bundleOf)
      throws IOException {
    synchronized (waiting) {
      Container container = lookup.get();
      if (container.isRunning() || container.status() == ContainerStatus.CREATED) {
        try {
          return CompletableFuture.completedFuture(AttachSocket.connect(bundleOf.apply(container)));
        } catch (IOException stale) {
          // its monitor is gone (a reboot): the next start makes a new one
        }
      }
      CompletableFuture<AttachSocket> next = new CompletableFuture<>();
      waiting.computeIfAbsent(container.id(), id -> new ArrayList<>()).add(next);
      next.whenComplete((socket, failure) -> {
        synchronized (waiting) {
          List<CompletableFuture<AttachSocket>> forContainer = waiting.get(container.id());
          if (forContainer != null) {
            forContainer.remove(next);
          }
        }
      });
      return next;
    }
  }

  /** The container in {@code bundle} has a new process, not started yet: connects whoever waits for it. */
  void processCreated(ContainerDirectory bundle) {
    for (CompletableFuture<AttachSocket> attach : take(bundle.id())) {
      try {
        attach.complete(AttachSocket.connect(bundle.dir()));
      } catch (IOException e) {
        attach.completeExceptionally(e);
      }
    }
  }

  /** Container {@code id} is gone: whoever waits for it is told. */
  void removed(String id) {
    take(id).forEach(attach -> attach.completeExceptionally(new ContainerNotFoundException(id)));
  }

  private List<CompletableFuture<AttachSocket>> take(String id) {
    synchronized (waiting) {
      List<CompletableFuture<AttachSocket>> forContainer = waiting.remove(id);
      return forContainer == null ? List.of() : forContainer;
    }
  }
}
