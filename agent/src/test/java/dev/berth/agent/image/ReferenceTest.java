package dev.berth.agent.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.content.Digest;
import org.junit.jupiter.api.Test;

class ReferenceTest {
  private static final String HEX = "a".repeat(64);

  @Test
  void normalisesShortNamesAsDocker() {
    assertEquals("docker.io/library/busybox:latest", Reference.parse("busybox").withDefaultTag().toString());
    assertEquals("docker.io/user/app:1.0", Reference.parse("user/app:1.0").toString());
    assertEquals("docker.io/library/busybox", Reference.parse("index.docker.io/busybox").toString());
    assertEquals("docker.io/library/busybox:1", Reference.parse("docker.io/library/busybox:1").toString());
  }

  @Test
  void recognisesRegistryDomains() {
    Reference local = Reference.parse("localhost:5000/x:tag");
    assertEquals("localhost:5000", local.domain());
    assertEquals("x", local.path());
    assertEquals("tag", local.tag().orElseThrow());
    Reference ip = Reference.parse("127.0.0.1:8080/a/b");
    assertEquals("127.0.0.1:8080", ip.domain());
    assertEquals("a/b", ip.path());
    assertEquals("localhost", Reference.parse("localhost/x").domain());
    assertEquals("[::1]:5000", Reference.parse("[::1]:5000/x").domain());
    assertEquals("docker.io", Reference.parse("busybox:5000").domain(), "a port-like tag is still a tag");
    assertEquals("5000", Reference.parse("busybox:5000").tag().orElseThrow());
  }

  @Test
  void keepsDigestsAndTags() {
    Reference byDigest = Reference.parse("busybox@sha256:" + HEX);
    assertEquals(Digest.parse("sha256:" + HEX), byDigest.digest().orElseThrow());
    assertFalse(byDigest.tag().isPresent());
    assertEquals(byDigest, byDigest.withDefaultTag(), "a digest reference gets no default tag");
    Reference both = Reference.parse("busybox:1.36@sha256:" + HEX);
    assertEquals("1.36", both.tag().orElseThrow());
    assertTrue(both.digest().isPresent());
    assertEquals("busybox:1.36@sha256:" + HEX, both.familiar());
  }

  @Test
  void showsFamiliarNamesLikeDocker() {
    assertEquals("busybox:latest", Reference.parse("busybox").withDefaultTag().familiar());
    assertEquals("user/app:latest", Reference.parse("docker.io/user/app").withDefaultTag().familiar());
    assertEquals("127.0.0.1:8080/ubuntu:latest", Reference.parse("127.0.0.1:8080/ubuntu").withDefaultTag().familiar());
    assertEquals("library/a/b", Reference.parse("library/a/b").familiarName());
  }

  @Test
  void rejectsInvalidReferencesClearly() {
    for (String bad : new String[] {"", "a:", ":tag", "a/", "-a", "a..b", "a@sha256:zz", "a:-tag", "a b",
        "a:" + "t".repeat(129), "a//b", "UPPER:x/y"}) {
      InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> Reference.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("invalid reference format"), bad + ": " + e.getMessage());
    }
    assertEquals("invalid reference format: repository name (library/Busybox) must be lowercase",
        assertThrows(InvalidReferenceException.class, () -> Reference.parse("Busybox")).getMessage());
    assertTrue(assertThrows(InvalidReferenceException.class, () -> Reference.parse(HEX)).getMessage()
        .contains("64-byte hexadecimal"));
    assertEquals("Example.com", Reference.parse("Example.com/x").domain(), "domains may have capitals");
  }
}
