package dev.berth.agent.api.networks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.network.HostNetworks;
import dev.berth.agent.network.UserNetwork;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /networks/create}: {@code docker network create} with Name, Driver ({@code bridge}
 * only), Internal, Labels and IPAM.Config's first Subnet and Gateway; 201 {@code {"Id", "Warning"}}.
 */
final class CreateNetworkEndpoint implements DockerEndpoint {
  private final HostNetworks networks;

  CreateNetworkEndpoint(HostNetworks networks) {
    this.networks = networks;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    JsonNode body = request.jsonObject();
    String name = body.path("Name").asText("");
    if (name.isEmpty()) {
      throw new DockerApiException(400, "network name must not be empty");
    }
    String driver = body.path("Driver").asText("");
    if (!driver.isEmpty() && !driver.equals("bridge")) {
      throw new DockerApiException(404, "plugin \"" + driver + "\" not found");
    }
    JsonNode config = body.path("IPAM").path("Config");
    JsonNode first = config.isArray() && !config.isEmpty() ? config.get(0) : JsonReply.object();
    Map<String, String> labels = new LinkedHashMap<>();
    body.path("Labels").fields().forEachRemaining(label -> labels.put(label.getKey(), label.getValue().asText()));
    UserNetwork created = NetworkErrors.on(() -> networks.create(name, first.path("Subnet").asText(""),
        first.path("Gateway").asText(""), body.path("Internal").asBoolean(), labels));
    JsonReply.send(response, 201, JsonReply.object().put("Id", created.id()).put("Warning", ""));
  }
}
