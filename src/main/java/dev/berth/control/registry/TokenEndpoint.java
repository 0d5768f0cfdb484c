package dev.berth.control.registry;

import dev.berth.control.security.ClientAddress;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v2/token}: the token server of Docker's bearer-token flow. A client sent to it by
 * the challenge of {@code /v2/} presents Basic credentials (what {@code docker login} stored) and
 * receives a short-lived bearer token with what its user may do. A client without credentials
 * receives an anonymous token when every repository its {@code scope} names allows anonymous pull
 * (as {@code docker pull} asks for one before it pulls).
 */
@ApplicationScoped
public class TokenEndpoint {
  private static final Pattern PULL_SCOPE = Pattern.compile("repository:([^:]+):pull");
  @Inject RegistryAuth auth;
  @Inject RegistryMetadata metadata;

  /** Issues a token, or answers 401 with a Basic challenge. */
  public void handle(RoutingContext routing) {
    String authorization = routing.request().getHeader("Authorization");
    String scope = routing.request().getParam("scope");
    String address = ClientAddress.of(routing);
    routing.vertx().executeBlocking(() -> authorization == null && anonymousPullAllowed(scope)
        ? Optional.of(RegistryAuth.Grant.anonymous()) : auth.authenticate(authorization, address), false).onSuccess(grant -> {
      if (grant.isEmpty()) {
        routing.response().putHeader("WWW-Authenticate", "Basic realm=\"berth\"");
        RegistryCall.send(routing.response(),
            new RegistryException(401, "UNAUTHORIZED", "authentication required: a Berth user's password or API token"));
        return;
      }
      String token = auth.issueToken(grant.get());
      routing.response().putHeader("Content-Type", "application/json").end(new JsonObject()
          .put("token", token).put("access_token", token)
          .put("expires_in", RegistryAuth.TOKEN_LIFETIME.toSeconds())
          .put("issued_at", Instant.now().toString()).encode());
    }).onFailure(failure -> RegistryCall.send(routing.response(), failure));
  }

  private boolean anonymousPullAllowed(String scope) {
    if (scope == null || scope.isBlank()) {
      return false;
    }
    for (String each : scope.trim().split(" +")) {
      Matcher matcher = PULL_SCOPE.matcher(each);
      if (!matcher.matches() || !metadata.allowsAnonymousPull(matcher.group(1))) {
        return false;
      }
    }
    return true;
  }
}
