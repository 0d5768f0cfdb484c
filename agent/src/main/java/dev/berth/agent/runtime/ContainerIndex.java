package dev.berth.agent.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The containers of this host in memory, by id and by name: names are unique, and lookups go as
 * Docker's do — a full id, then a name, then a unique id prefix. A name is reserved before its
 * container exists, so two creates cannot take the same one. Every change of a container (saved
 * state, observed exit, removal) passes through {@link #put} or {@link #remove}, which tell the
 * change listener.
 */
final class ContainerIndex {
  private final TreeMap<String, Container> byId = new TreeMap<>();
  private final Map<String, String> idByName = new HashMap<>();
  private volatile Runnable onChange = () -> { };

  /** Runs {@code listener} after every put and remove (it must be quick: it runs under the index's lock). */
  void onChange(Runnable listener) {
    this.onChange = listener;
  }

  /** Reserves {@code name} (validated; generated when null or empty) for container {@code id}; returns it. */
  synchronized String reserve(String name, String id) throws ContainerConflictException {
    String chosen = name == null || name.isEmpty() ? ContainerNames.generate(idByName::containsKey)
        : ContainerNames.validate(name);
    String holder = idByName.get(chosen);
    if (holder != null && !holder.equals(id)) {
      throw new ContainerConflictException("Conflict. The container name \"/" + chosen
          + "\" is already in use by container \"" + holder
          + "\". You have to remove (or rename) that container to be able to reuse that name.");
    }
    idByName.put(chosen, id);
    return chosen;
  }

  /** Gives up a reservation that never became a container. */
  synchronized void release(String name, String id) {
    idByName.remove(name, id);
  }

  /** Records (or replaces) a container; its name must be reserved for it. */
  synchronized void put(Container container) {
    idByName.put(container.name(), container.id());
    byId.put(container.id(), container);
    onChange.run();
  }

  /** Forgets a container and frees its name. */
  synchronized void remove(String id) {
    Container gone = byId.remove(id);
    if (gone != null) {
      idByName.remove(gone.name(), id);
      onChange.run();
    }
  }

  /** The container a full id, a name (with or without a leading slash) or a unique id prefix names. */
  synchronized Container find(String nameOrId) throws ContainerNotFoundException, ContainerConflictException {
    if (nameOrId == null || nameOrId.isEmpty()) {
      throw new ContainerNotFoundException(String.valueOf(nameOrId));
    }
    Container exact = byId.get(nameOrId);
    if (exact != null) {
      return exact;
    }
    String name = nameOrId.startsWith("/") ? nameOrId.substring(1) : nameOrId;
    String named = idByName.get(name);
    if (named != null && byId.containsKey(named)) {
      return byId.get(named);
    }
    List<Container> matches = new ArrayList<>();
    for (Map.Entry<String, Container> entry : byId.tailMap(nameOrId).entrySet()) {
      if (!entry.getKey().startsWith(nameOrId) || matches.size() > 1) {
        break;
      }
      matches.add(entry.getValue());
    }
    if (matches.size() > 1) {
      throw new ContainerConflictException("multiple IDs found with provided prefix: " + nameOrId);
    }
    return matches.stream().findFirst().orElseThrow(() -> new ContainerNotFoundException(nameOrId));
  }

  /** The container with this full id, if known. */
  synchronized Optional<Container> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Every container, newest first. */
  synchronized List<Container> all() {
    List<Container> all = new ArrayList<>(byId.values());
    all.sort(Comparator.comparing((Container c) -> c.created()).reversed());
    return all;
  }
}
