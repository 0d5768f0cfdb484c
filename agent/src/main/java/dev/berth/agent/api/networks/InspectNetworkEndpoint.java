package dev.berth.agent.api.networks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.network.HostNetworks;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.util.Map;

/** {@code GET /networks/{id}}: {@code docker network inspect} by name, id or id prefix; 404 "network x not found". */
final class InspectNetworkEndpoint implements DockerEndpoint {
  private final HostNetworks networks;
  private final ContainerRuntime containers;

  InspectNetworkEndpoint(HostNetworks networks, ContainerRuntime containers) {
    this.networks = networks;
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    String id = pathVariables.get("id");
    ObjectNode found = NetworkErrors.on(() -> {
      for (ObjectNode network : NetworkJson.all(networks, containers)) {
        String name = network.get("Name").asText();
        String networkId = network.get("Id").asText();
        if (name.equals(id) || networkId.equals(id) || (!id.isEmpty() && networkId.startsWith(id))) {
          return network;
        }
      }
      throw new DockerApiException(404, "network " + id + " not found");
    });
    JsonReply.send(response, 200, found);
  }
}
