package dev.berth.control.operation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.fleet.Host;
import dev.berth.control.fleet.HostSelector;
import dev.berth.control.security.Authorization;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Which hosts an operation is for: a list of hosts, a label selector ({@link HostSelector}), or all.
 *
 * <p>Who may target what: naming a host one is not granted is refused (403) and nothing is created;
 * a selector or {@code all} is narrowed to the hosts one is granted, the others listed as skipped
 * in the operation — so an operator's "all" means "all of mine", and a selector never reaches
 * beyond one's grants. A target that leaves no host is refused (400).
 */
public record OperationTarget(List<String> hosts, String selector, Boolean all) {
  /** The hosts to act on and those left out. */
  public record Resolution(List<Host> hosts, List<Skipped> skipped) {}

  /** A host the target matched and the operation left out, and why. */
  public record Skipped(String host, String reason) {}

  /** Refuses a target that is not exactly one of hosts, selector or all. */
  void check() {
    int given = (hosts != null ? 1 : 0) + (selector != null ? 1 : 0) + (Boolean.TRUE.equals(all) ? 1 : 0);
    if (given != 1) {
      throw ApiProblem.badRequest("target must have exactly one of hosts (a list of names), selector (labels, e.g."
          + " env=prod,zone=a) or all (true)");
    }
    if (hosts != null && hosts.isEmpty()) {
      throw ApiProblem.badRequest("target hosts is empty");
    }
    if (selector != null) {
      HostSelector.parse(selector);
    }
  }

  /** The hosts this target means for {@code identity}, by name. */
  Resolution resolve(SecurityIdentity identity) {
    check();
    List<Host> matched = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    if (hosts != null) {
      for (String name : new LinkedHashSet<>(hosts)) {
        Host host = Host.findByRef(name).orElseThrow(() -> ApiProblem.notFound("no such host: " + name));
        if (!Authorization.mayManage(identity, host.name)) {
          throw new ApiProblem(403, "permission denied: " + identity.getPrincipal().getName()
              + " is not granted host " + host.name);
        }
        matched.add(host);
      }
      return new Resolution(matched, skipped);
    }
    for (Host host : HostSelector.hosts(selector)) {
      if (Authorization.mayManage(identity, host.name)) {
        matched.add(host);
      } else {
        skipped.add(new Skipped(host.name, "not granted to " + identity.getPrincipal().getName()));
      }
    }
    if (matched.isEmpty()) {
      throw ApiProblem.badRequest("the target matches no host" + (skipped.isEmpty() ? "" : " you are granted"));
    }
    return new Resolution(matched, skipped);
  }

  /** The target as stored. */
  ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    if (hosts != null) {
      hosts.forEach(json.putArray("hosts")::add);
    } else if (selector != null) {
      json.put("selector", HostSelector.parse(selector).toString());
    } else {
      json.put("all", true);
    }
    return json;
  }
}
