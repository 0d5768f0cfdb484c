package dev.berth.agent.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The filters of an image listing, as Docker's {@code filters} query parameter carries them:
 * {@code dangling=true|false}, {@code reference=<glob>} (any of several), {@code label=key} or
 * {@code label=key=value} (all of several), {@code before=<image>}, {@code since=<image>}.
 *
 * @param dangling only untagged images (true) or only tagged ones (false)
 * @param references globs on the familiar name or name:tag, e.g. {@code busy*}, {@code busybox:1.*}
 * @param labels labels that must be present (and equal, when given as key=value)
 * @param before only images created before this image
 * @param since only images created after this image
 * @param all intermediate images too (untagged images that have children)
 */
public record ImageFilters(Optional<Boolean> dangling, List<String> references, List<String> labels,
    Optional<String> before, Optional<String> since, boolean all) {
  private static final Set<String> KNOWN = Set.of("dangling", "reference", "label", "before", "since");

  /** No filter: top-level images. */
  public static ImageFilters none() {
    return new ImageFilters(Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.empty(), false);
  }

  /** Filters from Docker's {@code filters} map; an unknown key or bad value is an IllegalArgumentException. */
  public static ImageFilters of(Map<String, List<String>> filters, boolean all) {
    for (String key : filters.keySet()) {
      if (!KNOWN.contains(key)) {
        throw new IllegalArgumentException("invalid filter '" + key + "'");
      }
    }
    Optional<Boolean> dangling = Optional.empty();
    for (String value : filters.getOrDefault("dangling", List.of())) {
      if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")
          && !value.equals("1") && !value.equals("0")) {
        throw new IllegalArgumentException("invalid filter 'dangling=" + value + "'");
      }
      dangling = Optional.of(value.equalsIgnoreCase("true") || value.equals("1"));
    }
    return new ImageFilters(dangling, filters.getOrDefault("reference", List.of()),
        filters.getOrDefault("label", List.of()), last(filters.get("before")), last(filters.get("since")), all);
  }

  private static Optional<String> last(List<String> values) {
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
  }

  /** These filters, with intermediate images shown or not. */
  public ImageFilters withAll(boolean showAll) {
    return new ImageFilters(dangling, references, labels, before, since, showAll);
  }
}
