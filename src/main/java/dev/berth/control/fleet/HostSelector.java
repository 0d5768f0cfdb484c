package dev.berth.control.fleet;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.inventory.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks hosts by their labels: {@code env=prod,zone=a} — comma-separated terms, each {@code key}
 * (the label is set) or {@code key=value}, all of which a host must have.
 */
public record HostSelector(List<LabelSelector> terms) {

  /** The selector {@code text} spells; 400 when a term is empty or its key is outside the label grammar. */
  public static HostSelector parse(String text) {
    if (text == null || text.isBlank()) {
      throw ApiProblem.badRequest("a label selector needs at least one key or key=value");
    }
    List<LabelSelector> terms = new ArrayList<>();
    for (String term : text.split(",", -1)) {
      terms.add(HostLabels.checkTerm(term.trim()));
    }
    return new HostSelector(List.copyOf(terms));
  }

  /** The hosts, by name, that {@code selector} picks; all of them when it is null or blank. */
  public static List<Host> hosts(String selector) {
    HostSelector wanted = selector == null || selector.isBlank() ? null : parse(selector);
    return Host.<Host>listAll(io.quarkus.panache.common.Sort.by("name")).stream()
        .filter(host -> wanted == null || wanted.matches(host)).toList();
  }

  /** Whether {@code host} has every label of the selector. */
  public boolean matches(Host host) {
    return terms.stream().allMatch(term -> term.matches(host.labels));
  }

  /** The selector as text, as it was parsed. */
  @Override
  public String toString() {
    return String.join(",", terms.stream().map(t -> t.value() == null ? t.key() : t.key() + "=" + t.value()).toList());
  }
}
