package dev.berth.agent.api.networks;

import dev.berth.agent.api.DockerRoute;
import dev.berth.agent.network.HostNetworks;
import dev.berth.agent.runtime.ContainerRuntime;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.api.JsonReply;
import java.io.IOException;
import java.util.List;

/** The network endpoints of the Docker Engine API, fixed paths before {@code {id}} ones. */
public final class NetworkRoutes {
  private NetworkRoutes() {}

  /** Every network route, served from {@code networks} with containers from {@code containers}. */
  public static List<DockerRoute> all(HostNetworks networks, ContainerRuntime containers) {
    return List.of(
        DockerRoute.get("/networks", new ListNetworksEndpoint(networks, containers)),
        DockerRoute.post("/networks/create", new CreateNetworkEndpoint(networks)),
        DockerRoute.post("/networks/prune", new PruneNetworksEndpoint(networks)),
        DockerRoute.get("/networks/{id}", new InspectNetworkEndpoint(networks, containers)),
        DockerRoute.delete("/networks/{id}", new RemoveNetworkEndpoint(networks)),
        DockerRoute.post("/networks/{id}/connect", new ConnectNetworkEndpoint(networks, containers, true)),
        DockerRoute.post("/networks/{id}/disconnect", new ConnectNetworkEndpoint(networks, containers, false)));
  }

  /** Every network as {@code GET /networks} lists it, with its running containers (for the inventory). */
  public static JsonNode inventory(HostNetworks networks, ContainerRuntime containers) throws IOException {
    return JsonReply.mapper().createArrayNode().addAll(NetworkJson.all(networks, containers));
  }
}
