package dev.berth.agent.api.events;

import dev.berth.agent.api.DockerFilters;
import dev.berth.agent.events.EngineEvent;
import dev.berth.agent.events.EventType;
import dev.berth.agent.image.Reference;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * dockerd's rules for {@code docker events --filter}: every filter given must match (values of one
 * filter are alternatives). {@code type}, {@code scope} and {@code event} compare exactly (an
 * {@code event} filter naming {@code health_status}, {@code exec_create} or {@code exec_start}
 * matches by prefix, so it also takes {@code health_status: healthy}); {@code container},
 * {@code image}… name the actor by id or id prefix, or by its {@code name} attribute
 * ({@code container}, {@code volume}, {@code network}, {@code daemon}, {@code plugin} and the
 * swarm kinds); {@code image} also matches a container's image, with or without its tag;
 * {@code label} is {@code key} or {@code key=value} over the attributes, all of them required.
 * Such a filter also excludes events of other types, as in dockerd. Other filter names are
 * ignored, as dockerd ignores them.
 */
public final class EventFilter implements Predicate<EngineEvent> {
  private static final Set<String> PREFIX_EVENTS = Set.of("health_status", "exec_create", "exec_start");
  private static final List<String> NAMED_KINDS = List.of(
      "daemon", "container", "plugin", "volume", "network", "node", "service", "secret", "config");

  private final Map<String, List<String>> values;

  private EventFilter(Map<String, List<String>> values) {
    this.values = values;
  }

  /** The filter of a {@code filters} parameter. */
  public static EventFilter of(DockerFilters filters) {
    return new EventFilter(filters.values());
  }

  @Override
  public boolean test(EngineEvent event) {
    if (values.isEmpty()) {
      return true;
    }
    String action = event.action();
    boolean prefixEvents = values.getOrDefault("event", List.of()).stream().anyMatch(PREFIX_EVENTS::contains);
    if (!(prefixEvents ? fuzzy("event", action) : exact("event", action))
        || !exact("type", event.type().wire()) || !exact("scope", event.scope() == null ? "" : event.scope())) {
      return false;
    }
    EngineEvent.Actor actor = event.actor();
    String name = actor.attributes().getOrDefault("name", "");
    for (String kind : NAMED_KINDS) {
      if (!fuzzy(kind, actor.id()) && !fuzzy(kind, name)) {
        return false;
      }
    }
    return matchesImage(event) && matchesLabels(actor.attributes());
  }

  // Image events name the image in "name", container events in "image".
  private boolean matchesImage(EngineEvent event) {
    String id = event.actor().id();
    String image = event.actor().attributes().getOrDefault(event.type() == EventType.IMAGE ? "name" : "image", "");
    return exact("image", id) || exact("image", image) || exact("image", withoutTag(id))
        || exact("image", withoutTag(image));
  }

  private boolean matchesLabels(Map<String, String> attributes) {
    for (String label : values.getOrDefault("label", List.of())) {
      int equals = label.indexOf('=');
      String key = equals < 0 ? label : label.substring(0, equals);
      if (!attributes.containsKey(key) || equals >= 0 && !label.substring(equals + 1).equals(attributes.get(key))) {
        return false;
      }
    }
    return true;
  }

  // filters.Args.ExactMatch: no values for the filter, or one of them equal.
  private boolean exact(String filter, String source) {
    List<String> given = values.get(filter);
    return given == null || given.isEmpty() || given.contains(source);
  }

  // filters.Args.FuzzyMatch: no values, one equal, or one a prefix of the source.
  private boolean fuzzy(String filter, String source) {
    List<String> given = values.get(filter);
    return given == null || given.isEmpty() || given.stream().anyMatch(source::startsWith);
  }

  private static String withoutTag(String image) {
    try {
      return Reference.parse(image).familiarName();
    } catch (IllegalArgumentException notAReference) { // InvalidReferenceException among them
      return image;
    }
  }
}
