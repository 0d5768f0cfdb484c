package dev.berth.control.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.backup.BackupService;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a fleet operation does on each of its hosts, the job kind that does it, and the check of
 * its parameters: every parameter is checked before anything is created, and what reaches the
 * agents is the checked copy, never the request as given.
 */
public enum OperationKind {
  /** {@code {"image": "127.0.0.1:8080/app:1"}}: {@code docker pull} on each host, with byte progress. */
  PULL("image.pull") {
    @Override
    ObjectNode jobParams(JsonNode params) {
      return object().put("image", OperationParams.image(params));
    }
  },
  /**
   * {@code {"image", "name", "command": [...], "env": ["K=v"], "ports": ["8080:80"], "restart": "always",
   * "labels": {...}}}: {@code docker run -d} on each host.
   */
  RUN("container.run") {
    @Override
    ObjectNode jobParams(JsonNode params) {
      return RunParams.of(params);
    }
  },
  /** {@code {"labels": ["app=web"], "timeoutSeconds": 10}}: {@code docker stop} of the containers with these labels. */
  STOP("containers.stop") {
    @Override
    ObjectNode jobParams(JsonNode params) {
      ObjectNode checked = object();
      checked.set("labels", OperationParams.containerLabels(params));
      checked.put("timeoutSeconds", OperationParams.seconds(params, "timeoutSeconds", 10, 3600));
      return checked;
    }
  },
  /** {@code {"labels": ["app=web"], "force": false}}: {@code docker rm} of the containers with these labels. */
  REMOVE("containers.remove") {
    @Override
    ObjectNode jobParams(JsonNode params) {
      ObjectNode checked = object();
      checked.set("labels", OperationParams.containerLabels(params));
      checked.put("force", OperationParams.flag(params, "force"));
      return checked;
    }
  },
  /** {@code {"all": false}}: {@code docker image prune} (with {@code all}: {@code -a}). */
  PRUNE("images.prune") {
    @Override
    ObjectNode jobParams(JsonNode params) {
      return object().put("all", OperationParams.flag(params, "all"));
    }
  },
  /**
   * {@code {"volume": "data"}} or {@code {"volumeLabel": "backup=yes"}}, {@code "mode": "online"}: a backup of
   * each such volume of each host, by the backup service (one child job per volume).
   */
  BACKUP(BackupService.KIND) {
    @Override
    ObjectNode jobParams(JsonNode params) {
      return OperationParams.backup(params);
    }
  };

  private final String jobKind;

  OperationKind(String jobKind) {
    this.jobKind = jobKind;
  }

  /** The kind of each host's job. */
  public String jobKind() {
    return jobKind;
  }

  /** The name in the API ({@code pull}, {@code run}…). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named {@code name}, or a 400 naming the kinds there are. */
  public static OperationKind of(String name) {
    return Arrays.stream(values()).filter(k -> k.wireName().equals(name)).findFirst()
        .orElseThrow(() -> ApiProblem.badRequest("kind must be one of "
            + String.join(", ", Arrays.stream(values()).map(OperationKind::wireName).toList())));
  }

  /** The parameters each host's job gets, checked; a 400 for anything wrong. */
  abstract ObjectNode jobParams(JsonNode params);

  private static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }
}
