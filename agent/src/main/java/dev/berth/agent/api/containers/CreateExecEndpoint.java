package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.ContainerExecs;
import dev.berth.agent.runtime.ExecConfig;
import dev.berth.agent.runtime.ExecSession;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /containers/{id}/exec}: {@code docker exec} makes a session in a running container
 * ({@code {"Cmd": [...], "Env", "User", "WorkingDir", "Tty", "AttachStdin", "Privileged"…}}) and
 * gets 201 {@code {"Id": "…"}}; 409 when the container is not running.
 */
public final class CreateExecEndpoint implements DockerEndpoint {
  private final ContainerExecs execs;

  /** Creates sessions in {@code execs}. */
  public CreateExecEndpoint(ContainerExecs execs) {
    this.execs = execs;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    JsonNode body = request.jsonObject();
    ExecSession session = ExecErrors.on(() -> execs.create(pathVariables.get("id"), new ExecConfig(
        CreateRequest.strings(body.get("Cmd")), CreateRequest.strings(body.get("Env")),
        body.path("User").asText(""), body.path("WorkingDir").asText(""), body.path("Tty").asBoolean(),
        body.path("AttachStdin").asBoolean(), body.path("AttachStdout").asBoolean(),
        body.path("AttachStderr").asBoolean(), body.path("Privileged").asBoolean())));
    JsonReply.send(response, 201, JsonReply.object().put("Id", session.id()));
  }
}
