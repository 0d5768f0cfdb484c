package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.CreateOptions;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /containers/create?name=}: {@code docker create}. Answers 201
 * {@code {"Id": "…", "Warnings": []}}; 404 "No such image: busybox:latest" when the image is not
 * here (the CLI then tries to pull it), 409 when the name is taken.
 */
public final class CreateContainerEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Creates containers in {@code containers}. */
  public CreateContainerEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    JsonNode body = request.jsonObject();
    if (body.isEmpty()) {
      throw new DockerApiException(400, "config cannot be empty in order to create a container");
    }
    String name = request.queryParam("name").filter(n -> !n.isEmpty()).orElse(null);
    CreateOptions options;
    try {
      options = CreateRequest.options(body, name);
    } catch (RuntimeException e) {
      throw ContainerErrors.of(e, null);
    }
    Container container;
    try {
      container = containers.create(options);
    } catch (IOException | RuntimeException e) {
      throw ContainerErrors.of(e, options.image());
    }
    JsonReply.send(response, 201, JsonReply.object().put("Id", container.id()).set("Warnings", JsonReply.mapper().createArrayNode()));
  }
}
