package dev.berth.agent.runtime;

import dev.berth.agent.content.Digest;
import dev.berth.agent.events.EngineEvents;
import dev.berth.agent.events.EventAction;
import dev.berth.agent.events.EventType;
import dev.berth.agent.image.ImageService;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Publishes a container's events as dockerd logs them: the actor is the container, described by
 * the action's own attributes, then its labels (the image's, overridden by its own), its image as
 * the user named it ({@code image}) and its name without the slash ({@code name}). Other parts
 * publish with one line, e.g. {@code runtime.events().publish(container, EventAction.PAUSE)}.
 */
public final class ContainerEvents {
  private final EngineEvents events;
  private final ImageService images;

  /** Publishes to {@code events}; image labels come from {@code images}. */
  ContainerEvents(EngineEvents events, ImageService images) {
    this.events = events;
    this.images = images;
  }

  /** Publishes {@code action} (see {@link EventAction}) of {@code container}. */
  public void publish(Container container, String action) {
    publish(container, action, Map.of());
  }

  /** Publishes {@code action} of {@code container} with the action's own {@code attributes}. */
  public void publish(Container container, String action, Map<String, String> attributes) {
    Map<String, String> all = new HashMap<>(attributes);
    all.putAll(imageLabels(container));
    all.putAll(container.options().labels());
    all.put("image", container.imageRef());
    all.put("name", container.name());
    events.publish(EventType.CONTAINER, action, container.id(), all);
  }

  /** {@code prune}: no actor, the bytes freed as {@code reclaimed}. */
  public void pruned(long reclaimed) {
    events.publish(EventType.CONTAINER, EventAction.PRUNE, "", Map.of("reclaimed", Long.toString(reclaimed)));
  }

  /** {@code die}, with the exit code and how long (whole seconds) the process ran. */
  void died(Container exited) {
    long ran = exited.startedAt() == null || exited.finishedAt() == null ? 0
        : Math.max(0, Duration.between(exited.startedAt(), exited.finishedAt()).toSeconds());
    publish(exited, EventAction.DIE, Map.of("exitCode", Integer.toString(exited.exitCode()),
        "execDuration", Long.toString(ran)));
  }

  /** {@code kill}, with the signal's number. */
  void killed(Container container, String signal) {
    publish(container, EventAction.KILL, Map.of("signal", Signals.number(signal)));
  }

  // From the config alone: events go out under the runtime's index lock, and the image store's lock
  // is taken before the index's elsewhere (rmi asks which containers use an image).
  private Map<String, String> imageLabels(Container container) {
    try {
      return images.configs().labels(Digest.parse(container.imageId()));
    } catch (IOException | RuntimeException unreadable) {
      return Map.of(); // the event goes out without them
    }
  }
}
