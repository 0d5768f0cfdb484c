package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerFilters;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code docker ps -f}: status, name (a regular expression over "/name" or "name", as dockerd tries both), label (key or
 * key=value), ancestor (a reference or id of the image), id (a prefix), exited (an exit code, of
 * exited containers), health (starting, healthy, unhealthy, or none: no health checks). Values of
 * one filter are alternatives; different filters must all match.
 */
final class ContainerFilters {
  private static final Set<String> ACCEPTED = Set.of("status", "name", "label", "ancestor", "id", "exited", "health");
  private static final Set<String> HEALTHS = Set.of("starting", "healthy", "unhealthy", "none");
  private static final Set<String> STATUSES = Set.of("created", "restarting", "running", "removing", "paused",
      "exited", "dead");

  private ContainerFilters() {}

  /** The predicate of {@code filters}. */
  static Predicate<Container> of(DockerFilters filters, ContainerViews views) {
    filters.accepting(ACCEPTED);
    Predicate<Container> all = container -> true;
    for (Map.Entry<String, List<String>> filter : filters.values().entrySet()) {
      Predicate<Container> any = container -> false;
      for (String value : filter.getValue()) {
        any = any.or(one(filter.getKey(), value, views));
      }
      all = all.and(any);
    }
    return all;
  }

  private static Predicate<Container> one(String name, String value, ContainerViews views) {
    return switch (name) {
      case "status" -> {
        if (!STATUSES.contains(value)) {
          throw new DockerApiException(400, "invalid filter 'status=" + value + "'");
        }
        yield container -> container.status().dockerName().equals(value);
      }
      case "name" -> {
        Pattern pattern = pattern(value);
        yield container -> pattern.matcher("/" + container.name()).find() || pattern.matcher(container.name()).find();
      }
      case "label" -> {
        int equals = value.indexOf('=');
        yield equals < 0 ? container -> container.options().labels().containsKey(value)
            : container -> value.substring(equals + 1).equals(container.options().labels().get(value.substring(0, equals)));
      }
      case "ancestor" -> {
        Optional<String> id = imageId(value, views.images());
        yield container -> container.imageRef().equals(value) || id.map(container.imageId()::equals).orElse(false);
      }
      case "id" -> container -> container.id().startsWith(value);
      case "health" -> {
        if (!HEALTHS.contains(value)) {
          throw new DockerApiException(400, "Unrecognised filter value for health: " + value);
        }
        yield container -> views.health(container).map(h -> h.status().dockerName()).orElse("none").equals(value);
      }
      default -> {
        int code = exitCode(value);
        yield container -> container.status() == ContainerStatus.EXITED && container.exitCode() == code;
      }
    };
  }

  private static Optional<String> imageId(String name, ImageService images) {
    try {
      return Optional.of(images.store().resolve(name)).map(Image::id).map(Object::toString);
    } catch (Exception unknown) {
      return Optional.empty();
    }
  }

  private static Pattern pattern(String value) {
    try {
      return Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      throw new DockerApiException(400, "invalid filter 'name=" + value + "'");
    }
  }

  private static int exitCode(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new DockerApiException(400, "invalid filter 'exited=" + value + "'");
    }
  }
}
