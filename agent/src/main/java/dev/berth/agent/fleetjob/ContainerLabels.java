package dev.berth.agent.fleetjob;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.job.JobContext;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which containers a fleet job acts on: {@code "labels": ["app=web", "tier"]}, each {@code key}
 * (the label is set) or {@code key=value}, as Docker's {@code label} filter; a container must have
 * them all. An empty list is refused, so a job never acts on every container by mistake.
 */
final class ContainerLabels {
  private final List<String> terms;

  private ContainerLabels(List<String> terms) {
    this.terms = terms;
  }

  /** The selector in the job's {@code labels} parameter. */
  static ContainerLabels of(JobContext context) {
    JsonNode labels = context.params().path("labels");
    List<String> terms = new ArrayList<>();
    labels.forEach(term -> terms.add(term.asText("")));
    if (terms.isEmpty() || terms.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("labels must be a non-empty list of key or key=value");
    }
    return new ContainerLabels(terms);
  }

  /** The containers having every label, oldest first. */
  List<Container> select(ContainerRuntime containers) throws IOException {
    return containers.list().stream().filter(c -> matches(c.options().labels())).toList();
  }

  private boolean matches(Map<String, String> labels) {
    for (String term : terms) {
      int equals = term.indexOf('=');
      String key = equals < 0 ? term : term.substring(0, equals);
      String value = labels.get(key);
      if (value == null || (equals >= 0 && !value.equals(term.substring(equals + 1)))) {
        return false;
      }
    }
    return true;
  }
}
