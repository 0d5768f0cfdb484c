package dev.berth.agent.api.networks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.network.HostNetworks;
import dev.berth.agent.network.UserNetwork;
import java.io.IOException;
import java.util.Map;

/** {@code POST /networks/prune}: removes the user-defined networks no container is connected to; {@code {"NetworksDeleted": [names]}}. */
final class PruneNetworksEndpoint implements DockerEndpoint {
  private final HostNetworks networks;

  PruneNetworksEndpoint(HostNetworks networks) {
    this.networks = networks;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    ObjectNode json = JsonReply.object();
    ArrayNode deleted = json.putArray("NetworksDeleted");
    NetworkErrors.on(() -> {
      for (UserNetwork network : networks.userNetworks()) {
        if (network.containers().isEmpty()) {
          networks.remove(network);
          deleted.add(network.name());
        }
      }
      return null;
    });
    JsonReply.send(response, 200, json);
  }
}
