package dev.berth.agent.image;

import dev.berth.agent.content.Digest;
import dev.berth.agent.events.EngineEvents;
import dev.berth.agent.events.EventAction;
import dev.berth.agent.events.EventType;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Publishes image events as dockerd logs them: the actor is the image id ({@code sha256:…}),
 * described by the image's labels while it still exists (not for {@code delete}) and a
 * {@code name}: the reference for {@code tag} (e.g. {@code app:1}), the id itself for
 * {@code untag}, {@code delete}, {@code import}, {@code load} and {@code save}.
 */
public final class ImageEvents {
  private final EngineEvents events;
  private final Function<Digest, Map<String, String>> labels;

  /** Publishes to {@code events}, with the labels {@code labels} finds for an image id (none for a missing one). */
  ImageEvents(EngineEvents events, Function<Digest, Map<String, String>> labels) {
    this.events = events;
    this.labels = labels;
  }

  /** Publishes {@code action} (see {@link EventAction}) of image {@code id}, named {@code name}. */
  public void publish(Digest id, String name, String action) {
    Map<String, String> attributes = new HashMap<>(labels.apply(id));
    attributes.put("name", name);
    events.publish(EventType.IMAGE, action, id.toString(), attributes);
  }

  /** Publishes {@code action} of image {@code id}, named by its id (dockerd's way for most actions). */
  public void publish(Digest id, String action) {
    publish(id, id.toString(), action);
  }

  /** {@code prune}: no actor, the bytes freed as {@code reclaimed}. */
  void pruned(long reclaimed) {
    events.publish(EventType.IMAGE, EventAction.PRUNE, "", Map.of("reclaimed", Long.toString(reclaimed)));
  }
}
