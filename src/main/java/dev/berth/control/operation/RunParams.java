package dev.berth.control.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.fleet.HostLabels;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fleet run's parameters turned into the body of Docker's {@code POST /containers/create}, which
 * the agent reads with the same code as the Docker API. Only what the form offers is accepted —
 * image, name, command, environment, published ports, restart policy, labels — so a fleet run
 * cannot ask for what reaches into the host (privileges, binds), which the per-host Docker API
 * keeps for admins.
 */
final class RunParams {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
  // [ip:][hostPort:]containerPort[/proto], as -p takes it (no ranges).
  private static final Pattern PORT = Pattern.compile(
      "(?:(?<ip>[0-9]{1,3}(?:\\.[0-9]{1,3}){3}|\\[[0-9a-fA-F:]+\\]):)?(?:(?<host>[0-9]{0,5}):)?(?<container>[0-9]{1,5})(?:/(?<proto>tcp|udp|sctp))?");
  private static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(?::[0-9]{1,4})?");

  private RunParams() {}

  /** {@code {"name": ..., "config": <create body>}} for the agent's {@code container.run} job. */
  static ObjectNode of(JsonNode params) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode config = json.objectNode().put("Image", OperationParams.image(params));
    ObjectNode job = json.objectNode();
    String name = params.path("name").asText("");
    if (!name.isEmpty()) {
      if (!NAME.matcher(name).matches()) {
        throw ApiProblem.badRequest("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
      }
      job.put("name", name);
    }
    ArrayNode command = texts(params, "command");
    if (!command.isEmpty()) {
      config.set("Cmd", command);
    }
    ArrayNode env = texts(params, "env");
    env.forEach(entry -> {
      if (entry.asText().isEmpty() || entry.asText().startsWith("=") || entry.asText().indexOf('\0') >= 0) {
        throw ApiProblem.badRequest("invalid environment variable: " + entry.asText());
      }
    });
    config.set("Env", env);
    config.set("Labels", labels(params.path("labels")));
    ObjectNode host = config.putObject("HostConfig");
    ObjectNode exposed = config.putObject("ExposedPorts");
    ObjectNode bindings = host.putObject("PortBindings");
    for (JsonNode port : texts(params, "ports")) {
      Matcher m = PORT.matcher(port.asText());
      if (!m.matches() || !validPort(m.group("container")) || (m.group("host") != null && !m.group("host").isEmpty()
          && !validPort(m.group("host")))) {
        throw ApiProblem.badRequest("invalid port mapping: " + port.asText() + " (as -p takes it: [ip:][hostPort:]containerPort[/tcp|udp])");
      }
      String key = m.group("container") + "/" + (m.group("proto") == null ? "tcp" : m.group("proto"));
      exposed.putObject(key);
      ArrayNode list = bindings.has(key) ? (ArrayNode) bindings.get(key) : bindings.putArray(key);
      list.addObject().put("HostIp", m.group("ip") == null ? "" : m.group("ip"))
          .put("HostPort", m.group("host") == null ? "" : m.group("host"));
    }
    String restart = params.path("restart").asText("no");
    if (!RESTART.matcher(restart).matches()) {
      throw ApiProblem.badRequest("restart must be no, always, unless-stopped or on-failure[:max-retries]");
    }
    String[] policy = restart.split(":");
    host.putObject("RestartPolicy").put("Name", policy[0])
        .put("MaximumRetryCount", policy.length > 1 ? Integer.parseInt(policy[1]) : 0);
    job.set("config", config);
    return job;
  }

  private static boolean validPort(String port) {
    return !port.isEmpty() && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
  }

  private static ObjectNode labels(JsonNode given) {
    return given.isMissingNode() || given.isNull() ? JsonNodeFactory.instance.objectNode()
        : HostLabels.merged(null, given); // the hosts' label grammar, for containers too
  }

  private static ArrayNode texts(JsonNode params, String name) {
    JsonNode given = params.path(name);
    ArrayNode texts = JsonNodeFactory.instance.arrayNode();
    if (given.isMissingNode() || given.isNull()) {
      return texts;
    }
    if (!given.isArray()) {
      throw ApiProblem.badRequest(name + " must be a list of text");
    }
    for (JsonNode item : given) {
      if (!item.isTextual()) {
        throw ApiProblem.badRequest(name + " must be a list of text");
      }
      texts.add(item.asText());
    }
    return texts;
  }
}
