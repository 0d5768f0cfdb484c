package dev.berth.control.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.BerthTls;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blob downloads each way {@link BlobEndpoints} sends them: copied ({@link BlobCopy}) to a client on
 * this machine and over TLS, with zero copy to a client elsewhere (here: one that reaches the
 * control plane at one of the machine's own non-loopback addresses). Whole and in ranges that cross
 * the copy's chunks, byte for byte.
 */
@QuarkusTest
class BlobDownloadTest {
  private static final String REPOSITORY = "download-test/large";
  private static final byte[] BLOB = new byte[5 * (1 << 20) + 12345];
  private static String digest;

  static {
    new Random(8).nextBytes(BLOB);
  }

  @BeforeEach
  void pushBlob() {
    digest = RegistryApiTest.push(REPOSITORY, BLOB); // the same bytes each time: stored once
  }

  @Test
  void aLocalClientGetsTheCopiedBlobWholeAndInRanges() throws Exception {
    downloadsWholeAndInRanges("http://127.0.0.1:" + RestAssured.port, HttpClient.newHttpClient());
  }

  @Test
  void anEmptyBlobComesBackEmpty() throws Exception {
    String empty = RegistryApiTest.push(REPOSITORY, new byte[0]);
    HttpResponse<byte[]> back = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + RestAssured.port + "/v2/" + REPOSITORY + "/blobs/" + empty))
        .header("Authorization", "Bearer " + Admin.token()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, back.statusCode());
    assertEquals("0", back.headers().firstValue("Content-Length").orElseThrow());
    assertEquals(0, back.body().length);
  }

  @Test
  void aClientOverTlsGetsTheCopiedBlobWholeAndInRanges() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(BerthTls.context(null, java.util.List.of())).build();
    downloadsWholeAndInRanges(BerthTls.httpsUrl().toString(), client);
  }

  @Test
  void aClientAtAnotherAddressGetsTheZeroCopyBlobWholeAndInRanges() throws Exception {
    Optional<InetAddress> own = ownNonLoopbackAddress();
    assumeTrue(own.isPresent(), "this machine has no non-loopback IPv4 address");
    downloadsWholeAndInRanges("http://" + own.get().getHostAddress() + ":" + RestAssured.port, HttpClient.newHttpClient());
  }

  @Test
  void aClientLeavingMidDownloadLeavesTheRegistryServing() throws Exception {
    for (int i = 0; i < 3; i++) {
      try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /v2/" + REPOSITORY + "/blobs/" + digest + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Authorization: Bearer " + Admin.token() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] some = in.readNBytes(3 * BlobCopy.CHUNK / 2); // headers and part of the body, then away
        assertEquals("HTTP/1.1 200", new String(some, 0, 12, StandardCharsets.US_ASCII));
      }
    }
    downloadsWholeAndInRanges("http://127.0.0.1:" + RestAssured.port, HttpClient.newHttpClient());
  }

  private static void downloadsWholeAndInRanges(String base, HttpClient client) throws Exception {
    HttpResponse<byte[]> whole = get(client, base, null);
    assertEquals(200, whole.statusCode());
    assertEquals(String.valueOf(BLOB.length), whole.headers().firstValue("Content-Length").orElseThrow());
    assertEquals(digest, ManifestDocument.digestOf(whole.body()));
    int[][] ranges = {{BlobCopy.CHUNK - 10, 3 * BlobCopy.CHUNK + 10}, {0, 0}, {BLOB.length - 7, BLOB.length - 1},
        {(1 << 20) - 10, 3 * (1 << 20) + 10}};
    for (int[] range : ranges) {
      HttpResponse<byte[]> part = get(client, base, "bytes=" + range[0] + "-" + range[1]);
      assertEquals(206, part.statusCode(), base + " range " + Arrays.toString(range));
      assertEquals("bytes " + range[0] + "-" + range[1] + "/" + BLOB.length, part.headers().firstValue("Content-Range").orElseThrow());
      assertArrayEquals(Arrays.copyOfRange(BLOB, range[0], range[1] + 1), part.body(), base + " range " + Arrays.toString(range));
    }
  }

  private static HttpResponse<byte[]> get(HttpClient client, String base, String range) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v2/" + REPOSITORY + "/blobs/" + digest))
        .header("Authorization", "Bearer " + Admin.token());
    if (range != null) {
      request.header("Range", range);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Optional<InetAddress> ownNonLoopbackAddress() throws SocketException {
    for (NetworkInterface face : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (face.isUp() && !face.isLoopback()) {
        for (InetAddress address : Collections.list(face.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            return Optional.of(address);
          }
        }
      }
    }
    return Optional.empty();
  }
}
