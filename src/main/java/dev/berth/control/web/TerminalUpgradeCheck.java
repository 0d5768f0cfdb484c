package dev.berth.control.web;

import dev.berth.control.security.AuditEvent;
import dev.berth.control.security.AuditLog;
import dev.berth.control.security.Authorization;
import dev.berth.control.security.ClientAddress;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;

/**
 * Who may open a web terminal ({@link ContainerTerminal}), decided before the WebSocket upgrade
 * so a refusal is a plain HTTP 403: an operator granted the host (or an admin). A WebSocket
 * carries no CSRF token, and browsers send the session cookie to it from any site, so the
 * upgrade must come from one of the control plane's own pages: its {@code Origin} must be the
 * control plane itself. Refusals go to the audit trail; openings are recorded by the endpoint.
 */
@ApplicationScoped
public class TerminalUpgradeCheck implements HttpUpgradeCheck {
  /** Where the client's address is kept for the endpoint's audit record. */
  static final UserData.TypedKey<String> CLIENT = UserData.TypedKey.forString("berth.client");

  @Inject AuditLog audit;

  @Override
  public boolean appliesTo(String endpointId) {
    return ContainerTerminal.ID.equals(endpointId);
  }

  @Override
  public Uni<CheckResult> perform(HttpUpgradeContext context) {
    HttpServerRequest request = context.httpRequest();
    String host = context.pathParam("host");
    String client = ClientAddress.of(request);
    context.userData().put(CLIENT, client == null ? "" : client);
    return context.securityIdentity().onItem().transformToUni(identity -> {
      String refusal = refusal(identity, host, request);
      if (refusal == null) {
        return CheckResult.permitUpgrade();
      }
      AuditEvent event = new AuditEvent(identity.isAnonymous() ? null : identity.getPrincipal().getName(), client,
          "dashboard", host, "terminal.open", context.pathParam("id"), null, "refused: " + refusal);
      return Uni.createFrom().item(() -> {
        audit.append(event);
        return event;
      }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
          .onItem().transformToUni(recorded -> CheckResult.rejectUpgrade(403));
    });
  }

  private static String refusal(SecurityIdentity identity, String host, HttpServerRequest request) {
    if (!sameOrigin(request)) {
      return "cross-site terminal refused";
    }
    if (!Authorization.mayManage(identity, host)) {
      return "permission denied: a terminal needs the operator role on host " + host;
    }
    return null;
  }

  private static boolean sameOrigin(HttpServerRequest request) {
    String origin = request.getHeader("Origin");
    String self = request.getHeader("Host");
    if (origin == null || self == null) {
      return false;
    }
    try {
      return self.equalsIgnoreCase(URI.create(origin).getRawAuthority());
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }
}
