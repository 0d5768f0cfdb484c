package dev.berth.control.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.docker.DockerApiClient;
import dev.berth.control.fleet.HostView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One container in full: inspected live through the host's Docker API, or from the inventory
 * when the host cannot be asked (it is offline or does not answer). No transaction is held
 * while the host is asked.
 */
@ApplicationScoped
public class ContainerDetails {
  @Inject ContainerInventory inventory;
  @Inject DockerApiClient docker;

  /** The container {@code ref} (id, name or id prefix) of host {@code hostRef}; 404 when neither knows it. */
  public ContainerDetail of(String hostRef, String ref) {
    HostView host = inventory.host(hostRef); // 404 for an unknown host
    Optional<ContainerView> reported = inventory.find(hostRef, ref);
    JsonNode inspect;
    try {
      inspect = docker.get(host.name(), DockerApiClient.API + "/containers/" + URLEncoder.encode(ref, StandardCharsets.UTF_8) + "/json");
    } catch (ApiProblem unreachable) {
      if (unreachable.status() != 502 && unreachable.status() != 503) {
        throw unreachable; // the host answered: e.g. 404 "No such container"
      }
      return reported.map(row -> new ContainerDetail(host.name(), host.id(), false, row, null)).orElseThrow(() ->
          ApiProblem.notFound("no such container: " + ref + " (" + unreachable.getMessage() + ")"));
    }
    String id = inspect.path("Id").asText(ref);
    ContainerView summary = reported.filter(row -> row.id().equals(id)).orElseGet(() -> inventory.find(hostRef, id).orElse(null));
    return new ContainerDetail(host.name(), host.id(), true, summary, inspect);
  }
}
