package dev.berth.agent.api.networks;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.network.HostNetworks;
import dev.berth.agent.network.UserNetwork;
import java.io.IOException;
import java.util.Map;

/** {@code DELETE /networks/{id}}: {@code docker network rm}; 403 for a predefined network, 409 while containers are connected. */
final class RemoveNetworkEndpoint implements DockerEndpoint {
  private final HostNetworks networks;

  RemoveNetworkEndpoint(HostNetworks networks) {
    this.networks = networks;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    String id = pathVariables.get("id");
    for (String name : HostNetworks.PREDEFINED) {
      if (name.equals(id) || networks.predefinedId(name).startsWith(id)) {
        throw new DockerApiException(403, name + " is a pre-defined network and cannot be removed");
      }
    }
    NetworkErrors.on(() -> {
      UserNetwork network = networks.find(id)
          .orElseThrow(() -> new DockerApiException(404, "network " + id + " not found"));
      networks.remove(network);
      return null;
    });
    JsonReply.empty(response, 204);
  }
}
