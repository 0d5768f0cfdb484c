package dev.berth.control.inventory;

import dev.berth.control.api.ApiProblem;
import java.util.Locale;
import java.util.Set;

/**
 * Which containers to show, as {@code docker ps --filter} reads them: by state ({@code running},
 * {@code exited}…), by name (a part of it), by label ({@code key} or {@code key=value}), and by
 * image (a reference such as {@code busybox} or {@code busybox:1}, or an image id or its prefix).
 * Null conditions are not applied.
 */
public record ContainerFilter(String state, String name, String label, String image) {
  /** The states Docker knows. */
  public static final Set<String> STATES = Set.of("created", "restarting", "running", "removing", "paused", "exited", "dead");

  /** No condition: every container. */
  public static final ContainerFilter ALL = new ContainerFilter(null, null, null, null);

  /** Checks the state. */
  public ContainerFilter {
    if (state != null && !STATES.contains(state)) {
      throw ApiProblem.badRequest("unknown state: " + state + " (one of " + String.join(", ", STATES.stream().sorted().toList()) + ")");
    }
  }

  /** Whether the container passes every given condition. */
  public boolean matches(HostContainer container) {
    return (state == null || state.equals(container.state))
        && (name == null || container.name.contains(name.startsWith("/") ? name.substring(1) : name))
        && (label == null || LabelSelector.parse(label).matches(container.labels))
        && (image == null || imageMatches(container));
  }

  private boolean imageMatches(HostContainer container) {
    if (reference(container.image).equals(reference(image))) {
      return true;
    }
    String hex = image.toLowerCase(Locale.ROOT).replaceFirst("^sha256:", "");
    return hex.matches("[0-9a-f]{1,64}") && container.imageId.startsWith("sha256:" + hex);
  }

  // "busybox", "busybox:latest" and "docker.io/library/busybox:latest" are one reference.
  private static String reference(String text) {
    String familiar = ImageFilter.familiar(text);
    boolean tagged = familiar.contains("@") || familiar.lastIndexOf(':') > familiar.lastIndexOf('/');
    return tagged ? familiar : familiar + ":latest";
  }
}
