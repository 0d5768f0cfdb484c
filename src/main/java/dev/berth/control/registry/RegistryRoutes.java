package dev.berth.control.registry;

import dev.berth.control.security.ClientAddress;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OCI Distribution API at {@code /v2/}: matches each request to its endpoint, then
 * authenticates it (the registry does its own authentication, outside Quarkus security, because
 * registry clients expect the spec's challenge and error bodies) and checks that the sender may
 * write before anything that changes the registry. Without credentials, only reads of a
 * repository that allows anonymous pull get through ({@code _catalog} never does). Bodies stay paused until an endpoint reads
 * them.
 */
@ApplicationScoped
public class RegistryRoutes {
  private static final String NAME = "(.+?)";
  private static final Pattern TAGS = Pattern.compile("^/v2/" + NAME + "/tags/list$");
  private static final Pattern MANIFEST = Pattern.compile("^/v2/" + NAME + "/manifests/([^/]+)$");
  private static final Pattern UPLOADS = Pattern.compile("^/v2/" + NAME + "/blobs/uploads/?$");
  private static final Pattern UPLOAD = Pattern.compile("^/v2/" + NAME + "/blobs/uploads/([^/]+)$");
  private static final Pattern BLOB = Pattern.compile("^/v2/" + NAME + "/blobs/([^/]+)$");
  private static final Pattern REFERRERS = Pattern.compile("^/v2/" + NAME + "/referrers/([^/]+)$");
  private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD);

  @Inject RegistryAuth auth;
  @Inject RegistryMetadata metadata;
  @Inject TokenEndpoint token;
  @Inject BlobEndpoints blobs;
  @Inject UploadEndpoints uploads;
  @Inject ManifestEndpoints manifests;
  @Inject ListingEndpoints listings;

  void routes(@Observes Router router) {
    // Ahead of Quarkus' request-size limit (quarkus.http.limits.max-body-size, 10 MiB), which
    // refuses any body with a larger Content-Length: blobs stream to disk whatever their size,
    // and the registry bounds what it buffers itself (manifests, ManifestDocument.MAX_SIZE).
    router.route("/v2").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::handle);
    router.route("/v2/*").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::handle);
  }

  /** An endpoint and what the path told about the request. */
  private record Target(Consumer<RegistryCall> endpoint, String repository, String reference) {}

  private void handle(RoutingContext routing) {
    HttpServerRequest request = routing.request();
    request.pause();
    routing.response().putHeader("Docker-Distribution-API-Version", "registry/2.0");
    // Clients may escape the colon of a digest (%3A); nothing else in a registry path needs escaping.
    String path = java.net.URLDecoder.decode(request.path().replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    if (path.equals("/v2/token")) {
      token.handle(routing);
      return;
    }
    Optional<Target> target;
    try {
      target = route(request.method(), path);
    } catch (RegistryException e) {
      RegistryCall.send(routing.response(), e);
      return;
    }
    if (target.isEmpty()) {
      RegistryCall.send(routing.response(), new RegistryException(404, "UNSUPPORTED",
          "no registry endpoint " + request.method() + " " + path));
      return;
    }
    String authorization = request.getHeader("Authorization");
    String address = ClientAddress.of(request);
    Target found = target.get();
    boolean read = READS.contains(request.method());
    // A person's token from /v2/token is checked in memory, here; anything else (anonymous tokens
    // too: what they may read is in the database) off the event loop.
    Optional<RegistryAuth.Grant> issued = auth.issuedToken(authorization).filter(g -> !g.isAnonymous());
    // Without credentials, only a read of a repository may get through (a client's first request,
    // the /v2/ ping, is challenged at once).
    boolean challenged = authorization == null && !(read && found.repository() != null);
    Future<Optional<RegistryAuth.Grant>> grant = issued.isPresent() || challenged ? Future.succeededFuture(issued)
        : routing.vertx().executeBlocking(() -> {
          Optional<RegistryAuth.Grant> given = auth.authenticate(authorization, address);
          boolean anonymous = authorization == null || given.map(RegistryAuth.Grant::isAnonymous).orElse(false);
          if (anonymous && !(read && found.repository() != null && metadata.allowsAnonymousPull(found.repository()))) {
            return Optional.<RegistryAuth.Grant>empty();
          }
          return anonymous ? Optional.of(RegistryAuth.Grant.anonymous()) : given;
        }, false);
    grant.onSuccess(granted -> dispatch(routing, found, read, granted))
        .onFailure(failure -> RegistryCall.send(routing.response(), failure));
  }

  private void dispatch(RoutingContext routing, Target found, boolean read, Optional<RegistryAuth.Grant> grant) {
    if (grant.isEmpty()) {
      challenge(routing, found.repository());
      return;
    }
    if (!read && !grant.get().mayWrite()) {
      RegistryCall.send(routing.response(), RegistryException.denied(
          "the viewer role may pull but not push or delete"));
      return;
    }
    if ("100-continue".equalsIgnoreCase(routing.request().getHeader("Expect"))) {
      routing.response().writeContinue(); // only now that the sender may send it: the body may come
    }
    RegistryCall call = new RegistryCall(routing, found.repository(), found.reference(), grant.get());
    try {
      found.endpoint().accept(call);
    } catch (RuntimeException e) {
      call.fail(e);
    }
  }

  private Optional<Target> route(HttpMethod method, String path) {
    if (path.equals("/v2") || path.equals("/v2/")) {
      return Optional.of(new Target(call -> call.response().putHeader("Content-Type", "application/json").end("{}"),
          null, null));
    }
    if (path.equals("/v2/_catalog")) {
      return read(method, listings::catalog, null, null);
    }
    Matcher matcher;
    if ((matcher = TAGS.matcher(path)).matches()) {
      return read(method, listings::tags, matcher, null);
    }
    if ((matcher = REFERRERS.matcher(path)).matches()) {
      return read(method, listings::referrers, matcher, matcher.group(2));
    }
    if ((matcher = MANIFEST.matcher(path)).matches()) {
      return Optional.of(target(method == HttpMethod.PUT ? manifests::put
          : method == HttpMethod.DELETE ? manifests::delete : readOrUnsupported(method, manifests::get), matcher));
    }
    if ((matcher = UPLOADS.matcher(path)).matches()) {
      return Optional.of(target(method == HttpMethod.POST ? uploads::start : unsupported(method), matcher));
    }
    if ((matcher = UPLOAD.matcher(path)).matches()) {
      Consumer<RegistryCall> endpoint = switch (method.name()) {
        case "PATCH" -> uploads::patch;
        case "PUT" -> uploads::finish;
        case "GET" -> uploads::status;
        case "DELETE" -> uploads::cancel;
        default -> unsupported(method);
      };
      return Optional.of(target(endpoint, matcher));
    }
    if ((matcher = BLOB.matcher(path)).matches()) {
      return Optional.of(target(method == HttpMethod.DELETE ? blobs::delete : readOrUnsupported(method, blobs::get),
          matcher));
    }
    return Optional.empty();
  }

  private Optional<Target> read(HttpMethod method, Consumer<RegistryCall> endpoint, Matcher matcher, String reference) {
    String repository = matcher == null ? null : RepositoryName.check(matcher.group(1));
    return Optional.of(new Target(readOrUnsupported(method, endpoint), repository, reference));
  }

  private static Target target(Consumer<RegistryCall> endpoint, Matcher matcher) {
    return new Target(endpoint, RepositoryName.check(matcher.group(1)), matcher.groupCount() > 1 ? matcher.group(2) : null);
  }

  private static Consumer<RegistryCall> readOrUnsupported(HttpMethod method, Consumer<RegistryCall> endpoint) {
    return READS.contains(method) ? endpoint : unsupported(method);
  }

  private static Consumer<RegistryCall> unsupported(HttpMethod method) {
    return call -> call.fail(new RegistryException(405, "UNSUPPORTED", "method " + method + " is not supported here"));
  }

  private static void challenge(RoutingContext routing, String repository) {
    HttpServerRequest request = routing.request();
    String realm = request.scheme() + "://" + request.authority() + "/v2/token";
    String scope = repository == null ? ""
        : ",scope=\"repository:" + repository + ":" + (READS.contains(request.method()) ? "pull" : "pull,push") + "\"";
    routing.response().putHeader("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"berth\"" + scope);
    RegistryCall.send(routing.response(), new RegistryException(401, "UNAUTHORIZED", "authentication required"));
  }
}
