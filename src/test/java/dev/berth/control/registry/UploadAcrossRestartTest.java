package dev.berth.control.registry;

import static dev.berth.control.registry.RegistryApiTest.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.control.support.Admin;
import dev.berth.control.support.BerthTls;
import dev.berth.control.support.ReplicaProcess;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A blob upload outlives the control plane that took its first chunk: a control plane (the
 * packaged one, as its own process) takes half of a chunked upload and is killed (SIGKILL); the
 * next one on the same data (this test's, sharing its database and registry directory) reports
 * how much it holds, takes the rest, and commits the blob with its digest checked over all of it.
 */
@QuarkusTest
class UploadAcrossRestartTest {
  @Test
  void aChunkedUploadGoesOnAfterTheControlPlaneThatTookItsFirstHalfWasKilled() throws Exception {
    String repository = "restart-test/blob";
    byte[] blob = new byte[3 * 1024 * 1024 + 17];
    new Random(5).nextBytes(blob);
    int half = blob.length / 2;
    String location;
    try (ReplicaProcess first = ReplicaProcess.start("upload-first")) {
      HttpClient client = HttpClient.newBuilder().sslContext(BerthTls.context(null, List.of())).build();
      String base = first.url().toString().replaceAll("/$", "");
      HttpResponse<String> started = client.send(request(base + "/v2/" + repository + "/blobs/uploads/")
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(202, started.statusCode(), started.body() + "\n" + first.output());
      location = started.headers().firstValue("Location").orElseThrow();
      HttpResponse<String> patched = client.send(request(base + location)
          .header("Content-Type", "application/octet-stream").header("Content-Range", "0-" + (half - 1))
          .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(blob, 0, half))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(202, patched.statusCode(), patched.body());
      assertEquals("0-" + (half - 1), patched.headers().firstValue("Range").orElseThrow());
      first.kill();
    }

    String path = URI.create(location).getPath();
    admin().get(path).then().statusCode(204).header("Range", "0-" + (half - 1));
    admin().contentType("application/octet-stream").header("Content-Range", half + "-" + (blob.length - 1))
        .body(Arrays.copyOfRange(blob, half, blob.length)).patch(path).then().statusCode(202)
        .header("Range", "0-" + (blob.length - 1));
    String digest = ManifestDocument.digestOf(blob);
    admin().queryParam("digest", digest).put(path).then().statusCode(201).header("Docker-Content-Digest", digest);
    byte[] back = admin().get("/v2/" + repository + "/blobs/" + digest).then().statusCode(200).extract().asByteArray();
    assertEquals(digest, ManifestDocument.digestOf(back));
  }

  private static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + Admin.token());
  }
}
