package dev.berth.agent.api.networks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.network.HostNetworks;
import dev.berth.agent.network.UserNetwork;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /networks/{id}/connect} ({@code {"Container", "EndpointConfig": {"Aliases", "IPAMConfig":
 * {"IPv4Address"}}}}) and
 * {@code /disconnect} ({@code {"Container", "Force"}}): a container joins or leaves a user-defined
 * network, at once when it runs.
 */
final class ConnectNetworkEndpoint implements DockerEndpoint {
  private final HostNetworks networks;
  private final ContainerRuntime containers;
  private final boolean connect;

  ConnectNetworkEndpoint(HostNetworks networks, ContainerRuntime containers, boolean connect) {
    this.networks = networks;
    this.containers = containers;
    this.connect = connect;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    String id = pathVariables.get("id");
    JsonNode body = request.jsonObject();
    if (HostNetworks.PREDEFINED.contains(id)) {
      throw new DockerApiException(400, (connect ? "connecting to" : "disconnecting from") + " the predefined network "
          + id + " is not supported on this engine");
    }
    NetworkErrors.on(() -> {
      UserNetwork network = networks.find(id)
          .orElseThrow(() -> new DockerApiException(404, "network " + id + " not found"));
      Container container = containers.get(body.path("Container").asText(""));
      if (connect) {
        List<String> aliases = new ArrayList<>();
        body.path("EndpointConfig").path("Aliases").forEach(alias -> aliases.add(alias.asText()));
        networks.connect(network, container, aliases,
            body.path("EndpointConfig").path("IPAMConfig").path("IPv4Address").asText(""));
      } else {
        networks.disconnect(network, container);
      }
      return null;
    });
    JsonReply.empty(response, 200);
  }
}
