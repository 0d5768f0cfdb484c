package dev.berth.agent.api.volumes;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerFilters;
import dev.berth.agent.volume.Volume;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code docker volume ls -f} and {@code prune --filter}, as dockerd reads them: {@code dangling}
 * (used by no container, or used), {@code name} (any of several; equal, or a regular expression
 * found in it), {@code driver} (any of several), {@code label} ({@code key} or {@code key=value}, all
 * of several), {@code label!} (none of several).
 */
final class VolumeListFilter {
  private VolumeListFilter() {}

  /** The predicate of {@code filters} (only {@code accepted} ones allowed); {@code used} tells volumes in use. */
  static Predicate<Volume> of(DockerFilters filters, Set<String> accepted, Predicate<String> used) {
    filters.accepting(accepted);
    Predicate<Volume> all = volume -> true;
    if (filters.values().containsKey("dangling")) {
      boolean dangling = filters.bool("dangling", false);
      all = all.and(volume -> used.test(volume.name()) != dangling);
    }
    List<String> names = filters.values().getOrDefault("name", List.of());
    if (!names.isEmpty()) {
      List<Pattern> patterns = names.stream().map(VolumeListFilter::pattern).toList();
      all = all.and(volume -> names.contains(volume.name()) || patterns.stream().anyMatch(p -> p.matcher(volume.name()).find()));
    }
    List<String> drivers = filters.values().getOrDefault("driver", List.of());
    if (!drivers.isEmpty()) {
      all = all.and(volume -> drivers.contains(volume.driver()));
    }
    for (String label : filters.values().getOrDefault("label", List.of())) {
      all = all.and(volume -> hasLabel(volume.labelsOrEmpty(), label));
    }
    for (String label : filters.values().getOrDefault("label!", List.of())) {
      all = all.and(volume -> !hasLabel(volume.labelsOrEmpty(), label));
    }
    return all;
  }

  private static boolean hasLabel(Map<String, String> labels, String filter) {
    int equals = filter.indexOf('=');
    return equals < 0 ? labels.containsKey(filter)
        : filter.substring(equals + 1).equals(labels.get(filter.substring(0, equals)));
  }

  private static Pattern pattern(String value) {
    try {
      return Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      throw new DockerApiException(400, "invalid filter 'name=" + value + "'");
    }
  }
}
