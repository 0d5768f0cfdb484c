package dev.berth.control.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.control.fleet.Host;
import dev.berth.control.security.Authorization;
import dev.berth.control.security.ContainerPrivileges;
import dev.berth.control.security.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Looks inside the Docker API requests that make containers ({@code POST /containers/create}) and execs
 * ({@code POST /containers/{id}/exec}) before they reach the agent: reads the (small) body, finds what it asks
 * beyond an ordinary container ({@link ContainerPrivileges}) and asks {@link Authorization} whether this
 * caller may, given the host's allowed bind prefixes. The body read is then forwarded as it came.
 */
@ApplicationScoped
public class ContainerRequestScreen {
  /** The largest create or exec body read; a create body is a few kilobytes, with a seccomp profile some tens. */
  public static final int MAX_BODY = 1 << 20;
  private static final Pattern CREATE = Pattern.compile("^(/v[0-9.]+)?/containers/create$");
  private static final Pattern EXEC = Pattern.compile("^(/v[0-9.]+)?/containers/[^/]+/exec$");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject Authorization authorization;

  /** A screened request: its body, what it asks for, and the refusal if the caller may not. */
  public record Screened(Buffer body, ContainerPrivileges privileges, Optional<Authorization.Refusal> refusal) {}

  /** Whether the request at {@code path} (without the {@code /docker/<host>} prefix, nor its query) is screened. */
  public static boolean applies(HttpServerRequest request, String path) {
    return request.method() == HttpMethod.POST && (CREATE.matcher(path).matches() || EXEC.matcher(path).matches());
  }

  /**
   * Reads the body of {@code request} (failing with {@link TooLarge} beyond {@link #MAX_BODY}) and screens it
   * for {@code identity} on host {@code hostName}.
   */
  public Future<Screened> screen(Vertx vertx, HttpServerRequest request, String path, SecurityIdentity identity,
                                 String hostName) {
    return readBody(request).compose(body -> {
      ContainerPrivileges privileges = privileges(body, CREATE.matcher(path).matches());
      if (privileges.bindSources().isEmpty() || Authorization.roleOf(identity).orElse(null) == Role.ADMIN) {
        return Future.succeededFuture(new Screened(body, privileges,
            authorization.containerRefusal(identity, privileges, null)));
      }
      return vertx.executeBlocking(() -> QuarkusTransaction.joiningExisting().call(() ->
              Host.findByName(hostName).map(host -> host.allowedBindPrefixes).orElse(null)))
          .map(prefixes -> new Screened(body, privileges,
              authorization.containerRefusal(identity, privileges, prefixes)));
    });
  }

  private static ContainerPrivileges privileges(Buffer body, boolean create) {
    JsonNode json;
    try {
      json = JSON.readTree(body.getBytes());
    } catch (IOException notJson) {
      return ContainerPrivileges.NONE; // the agent answers a malformed body
    }
    if (json == null || !json.isObject()) {
      return ContainerPrivileges.NONE;
    }
    return create ? ContainerPrivileges.ofCreate(json) : ContainerPrivileges.ofExec(json);
  }

  private static Future<Buffer> readBody(HttpServerRequest request) {
    Promise<Buffer> read = Promise.promise();
    Buffer body = Buffer.buffer();
    request.handler(chunk -> {
      if (body.length() + chunk.length() > MAX_BODY) {
        request.handler(null);
        read.tryFail(new TooLarge());
      } else {
        body.appendBuffer(chunk);
      }
    });
    request.endHandler(end -> read.tryComplete(body));
    request.exceptionHandler(read::tryFail);
    return read.future();
  }

  /** A body over {@link #MAX_BODY}. */
  public static final class TooLarge extends RuntimeException {
    TooLarge() {
      super("request body too large: a container or exec configuration is at most " + MAX_BODY + " bytes");
    }
  }
}
