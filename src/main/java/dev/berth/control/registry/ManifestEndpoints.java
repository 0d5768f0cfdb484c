package dev.berth.control.registry;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code GET|HEAD|PUT|DELETE /v2/<name>/manifests/<tag|digest>}. A pushed manifest is checked
 * before it is stored: at most 4 MiB, one of the four manifest types, its digest the one in the
 * path (if the path names one), and everything it refers to already pushed (blobs for an image
 * manifest, child manifests for an index). A {@code GET} answers the stored bytes as they were
 * pushed, when the client's {@code Accept} allows their type.
 */
@ApplicationScoped
public class ManifestEndpoints {
  @Inject RegistryMetadata metadata;
  @Inject BlobStore blobs;

  /** Serves a manifest (GET or HEAD). */
  public void get(RegistryCall call) {
    String reference = RepositoryName.checkReference(call.reference());
    call.blocking(() -> metadata.manifest(call.repository(), reference)
            .orElseThrow(() -> unknown(call, reference)))
        .onSuccess(manifest -> {
          if (!accepts(call.routing().request().headers().getAll("Accept"), manifest.mediaType())) {
            call.fail(new RegistryException(404, "MANIFEST_UNKNOWN", "manifest " + reference + " is a "
                + manifest.mediaType() + ", which the request's Accept header does not allow"));
            return;
          }
          call.response().putHeader("Content-Type", manifest.mediaType())
              .putHeader("Docker-Content-Digest", manifest.digest())
              .putHeader("ETag", "\"" + manifest.digest() + "\"")
              .putHeader("Content-Length", Integer.toString(manifest.content().length));
          if (call.routing().request().method() == HttpMethod.HEAD) {
            call.response().end();
          } else {
            call.response().end(Buffer.buffer(manifest.content()));
          }
        })
        .onFailure(call::fail);
  }

  /** Stores a manifest under its digest, and the tag if the path names one. */
  public void put(RegistryCall call) {
    String reference = RepositoryName.checkReference(call.reference());
    HttpServerRequest request = call.routing().request();
    readBody(request).compose(content -> call.blocking(() -> {
      ManifestDocument manifest = ManifestDocument.parse(content, request.getHeader("Content-Type"));
      if (RepositoryName.isDigest(reference) && !reference.equals(manifest.digest())) {
        throw RegistryException.digestInvalid("manifest has digest " + manifest.digest() + ", not " + reference);
      }
      // Checked and recorded under the collection lock: garbage collection cannot take a blob in between.
      QuarkusTransaction.requiringNew().run(() -> {
        metadata.lockAgainstCollection();
        for (ManifestDocument.Descriptor referenced : manifest.references()) {
          boolean present = manifest.isIndex()
              ? metadata.hasManifest(call.repository(), referenced.digest())
              : blobs.find(referenced.digest()).isPresent();
          if (!present) {
            throw new RegistryException(400, "MANIFEST_BLOB_UNKNOWN", (manifest.isIndex() ? "manifest " : "blob ")
                + referenced.digest() + " is not in the registry: push it before the manifest");
          }
        }
        metadata.putManifest(call.repository(), manifest, RepositoryName.isDigest(reference) ? null : reference);
      });
      return manifest;
    })).onSuccess(manifest -> {
      manifest.subject().ifPresent(subject -> call.response().putHeader("OCI-Subject", subject));
      call.response().setStatusCode(201)
          .putHeader("Location", "/v2/" + call.repository() + "/manifests/" + manifest.digest())
          .putHeader("Docker-Content-Digest", manifest.digest()).putHeader("Content-Length", "0").end();
    }).onFailure(call::fail);
  }

  /** Deletes a manifest (by digest, with its tags) or just a tag. */
  public void delete(RegistryCall call) {
    String reference = RepositoryName.checkReference(call.reference());
    call.blocking(() -> {
      boolean deleted = RepositoryName.isDigest(reference)
          ? metadata.deleteManifest(call.repository(), reference)
          : metadata.deleteTag(call.repository(), reference);
      if (!deleted) {
        throw unknown(call, reference);
      }
      return null;
    }).onSuccess(done -> call.response().setStatusCode(202).putHeader("Content-Length", "0").end())
        .onFailure(call::fail);
  }

  private RegistryException unknown(RegistryCall call, String reference) {
    return metadata.hasRepository(call.repository())
        ? RegistryException.manifestUnknown(reference) : RegistryException.nameUnknown(call.repository());
  }

  private static boolean accepts(java.util.List<String> acceptHeaders, String mediaType) {
    if (acceptHeaders.isEmpty()) {
      return true;
    }
    for (String header : acceptHeaders) {
      for (String accepted : header.split(",")) {
        String type = accepted.split(";")[0].trim();
        if (type.equals(mediaType) || type.equals("*/*") || type.equals("application/*") || type.isEmpty()) {
          return true;
        }
      }
    }
    return false;
  }

  private static Future<byte[]> readBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    if (length != null && length.matches("\\d+") && Long.parseLong(length) > ManifestDocument.MAX_SIZE) {
      return Future.failedFuture(tooLarge());
    }
    Promise<byte[]> body = Promise.promise();
    Buffer content = Buffer.buffer();
    request.handler(chunk -> {
      if (content.length() + chunk.length() > ManifestDocument.MAX_SIZE) {
        body.tryFail(tooLarge()); // the rest is read and dropped
      } else if (!body.future().isComplete()) {
        content.appendBuffer(chunk);
      }
    });
    request.exceptionHandler(body::tryFail);
    request.endHandler(end -> body.tryComplete(content.getBytes()));
    request.resume();
    return body.future();
  }

  private static RegistryException tooLarge() {
    return new RegistryException(413, "SIZE_INVALID",
        "manifest is larger than the limit of " + ManifestDocument.MAX_SIZE + " bytes");
  }
}
