package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.ContainerExecs;
import dev.berth.agent.runtime.ExecConfig;
import dev.berth.agent.runtime.ExecSession;
import java.io.IOException;
import java.util.Map;

/** {@code GET /exec/{id}/json}: the session as dockerd shows it (Running, ExitCode, Pid, ProcessConfig…). */
public final class InspectExecEndpoint implements DockerEndpoint {
  private final ContainerExecs execs;

  /** Inspects sessions of {@code execs}. */
  public InspectExecEndpoint(ContainerExecs execs) {
    this.execs = execs;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    ExecSession session = ExecErrors.on(() -> execs.get(pathVariables.get("id")));
    ExecConfig config = session.config();
    ObjectNode json = JsonReply.object();
    json.put("ID", session.id()).put("Running", session.running());
    if (session.exitCode().isPresent()) {
      json.put("ExitCode", session.exitCode().getAsInt());
    } else {
      json.putNull("ExitCode");
    }
    ObjectNode process = json.putObject("ProcessConfig");
    process.put("tty", config.tty()).put("entrypoint", config.cmd().get(0));
    config.cmd().subList(1, config.cmd().size()).forEach(process.putArray("arguments")::add);
    process.put("privileged", config.privileged()).put("user", config.user() == null ? "" : config.user());
    json.put("OpenStdin", config.attachStdin()).put("OpenStderr", config.attachStderr())
        .put("OpenStdout", config.attachStdout()).put("CanRemove", false)
        .put("ContainerID", session.containerId()).put("DetachKeys", "")
        .put("Pid", session.pid().orElse(0));
    JsonReply.send(response, 200, json);
  }
}
