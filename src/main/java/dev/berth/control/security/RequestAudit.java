package dev.berth.control.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

/**
 * Records every changing request of {@code /api/v1} and the dashboard, refused ones included:
 * who, from where, the endpoint ({@code POST /api/v1/users/{name}/password}), the path, the host
 * (a {@code host} path parameter or body field), the parameters with secrets redacted, and the
 * status. Logins, enrollment and agents' certificate renewals record richer entries themselves.
 */
public class RequestAudit {
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
  private static final Set<String> SELF_AUDITED = Set.of("/login", "/api/v1/enroll", "/agent/certificate");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject AuditLog audit;
  @Inject SecurityIdentity identity;
  @Inject RoutingContext http;
  @Inject Vertx vertx;

  @ServerResponseFilter
  public void record(ContainerRequestContext request, ContainerResponseContext response, UriInfo uri,
                     ResourceInfo resource) {
    String path = uri.getPath();
    if (READS.contains(request.getMethod()) || SELF_AUDITED.contains(path) || identity.isAnonymous()) {
      return;
    }
    JsonNode body = body(request);
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    ObjectNode query = AuditParameters.of(uri.getQueryParameters());
    if (query != null) {
      details.set("query", query);
    }
    ObjectNode form = form(request);
    if (form != null) {
      details.set("form", form);
    }
    if (body != null) {
      details.set("body", AuditParameters.redact(body));
    }
    String host = uri.getPathParameters().getFirst("host");
    if (host == null && body != null && body.path("host").isTextual()) {
      host = body.path("host").asText();
    }
    AuditEvent event = new AuditEvent(identity.getPrincipal().getName(), ClientAddress.of(http),
        path.startsWith("/api/") ? "api" : "dashboard", host,
        request.getMethod() + " " + template(resource, path), path, details,
        AuditEvent.outcomeOf(response.getStatus()));
    if (BlockingOperationControl.isBlockingAllowed()) {
      audit.append(event);
    } else {
      vertx.executeBlocking(() -> {
        audit.append(event);
        return null;
      });
    }
  }

  private static String template(ResourceInfo resource, String path) {
    if (resource == null || resource.getResourceClass() == null || resource.getResourceMethod() == null) {
      return path;
    }
    Path classPath = resource.getResourceClass().getAnnotation(Path.class);
    Path methodPath = resource.getResourceMethod().getAnnotation(Path.class);
    String joined = (classPath == null ? "" : classPath.value()) + "/" + (methodPath == null ? "" : methodPath.value());
    return joined.replaceAll("/+", "/").replaceAll("(.)/$", "$1");
  }

  private static JsonNode body(ContainerRequestContext request) {
    if (request.getProperty(AccessFilter.BODY) instanceof byte[] bytes) {
      try {
        return JSON.readTree(bytes);
      } catch (IOException malformed) {
        return JsonNodeFactory.instance.textNode("(malformed JSON)");
      }
    }
    return null;
  }

  private static ObjectNode form(ContainerRequestContext request) {
    ResteasyReactiveRequestContext context = CurrentRequestManager.get();
    if (context == null || context.getFormData() == null) {
      return null;
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String name : context.getFormData()) {
      values.put(name, context.getFormData().get(name).stream()
          .map(value -> value.isFileItem() ? "(file " + value.getFileName() + ")" : value.getValue()).toList());
    }
    return AuditParameters.of(values);
  }
}
