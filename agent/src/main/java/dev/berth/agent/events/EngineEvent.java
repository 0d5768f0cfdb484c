package dev.berth.agent.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One engine event, in dockerd's JSON shape (its {@code events.Message}), which is both what
 * {@code GET /events} sends and what the journal stores:
 *
 * <pre>
 * {"status":"die","id":"&lt;id&gt;","from":"busybox","Type":"container","Action":"die",
 *  "Actor":{"ID":"&lt;id&gt;","Attributes":{"exitCode":"3","image":"busybox","name":"web"}},
 *  "scope":"local","time":1700000000,"timeNano":1700000000123456789}
 * </pre>
 *
 * {@code status}, {@code id} and {@code from} are the fields of the old event format that dockerd
 * still fills for container and image events; attributes are sorted by key, as Go writes maps.
 *
 * @param status legacy: the action (container and image events)
 * @param id legacy: the actor's id (container and image events)
 * @param from legacy: the container's image (container events)
 * @param type what the event is about
 * @param action what happened
 * @param actor who it happened to
 * @param scope {@code local} for engine events
 * @param time unix seconds
 * @param timeNano unix nanoseconds
 */
@JsonPropertyOrder({"status", "id", "from", "Type", "Action", "Actor", "scope", "time", "timeNano"})
public record EngineEvent(
    @JsonProperty("status") @JsonInclude(JsonInclude.Include.NON_EMPTY) String status,
    @JsonProperty("id") @JsonInclude(JsonInclude.Include.NON_EMPTY) String id,
    @JsonProperty("from") @JsonInclude(JsonInclude.Include.NON_EMPTY) String from,
    @JsonProperty("Type") EventType type,
    @JsonProperty("Action") String action,
    @JsonProperty("Actor") Actor actor,
    @JsonProperty("scope") @JsonInclude(JsonInclude.Include.NON_EMPTY) String scope,
    @JsonProperty("time") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long time,
    @JsonProperty("timeNano") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long timeNano) {

  /** Engine events' scope (swarm's are {@code swarm}). */
  public static final String LOCAL = "local";

  /** Requires a type, an action and an actor. */
  public EngineEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actor, "actor");
  }

  /**
   * The object of an event and what describes it.
   *
   * @param id e.g. a container id or an image id ({@code sha256:…}); empty for prune events
   * @param attributes e.g. {@code name}, {@code image}, labels
   */
  public record Actor(@JsonProperty("ID") String id, @JsonProperty("Attributes") Map<String, String> attributes) {
    /** Sorts (and copies) the attributes. */
    public Actor {
      id = id == null ? "" : id;
      attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes == null ? Map.of() : attributes));
    }
  }

  /** A local event at {@code at}, with the legacy fields dockerd fills for container and image events. */
  public static EngineEvent of(EventType type, String action, Actor actor, Instant at) {
    boolean legacy = type == EventType.CONTAINER || type == EventType.IMAGE;
    String from = type == EventType.CONTAINER ? actor.attributes().get("image") : null;
    long nanos = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    return new EngineEvent(legacy ? action : null, legacy ? actor.id() : null, from, type, action, actor, LOCAL,
        at.getEpochSecond(), nanos);
  }

  /** A local event now. */
  public static EngineEvent now(EventType type, String action, String actorId, Map<String, String> attributes) {
    return of(type, action, new Actor(actorId, attributes), Instant.now());
  }

  /** When it happened. */
  public Instant instant() {
    return Instant.ofEpochSecond(0, timeNano);
  }
}
