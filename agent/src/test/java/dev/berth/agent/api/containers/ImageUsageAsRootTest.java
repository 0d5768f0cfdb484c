package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.api.CapturedResponse;
import dev.berth.agent.content.Digest;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.CreateOptions;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Containers hold their images as dockerd's do, and /info counts them. */
@Tag("root")
class ImageUsageAsRootTest extends EndpointsOnAgentTest {
  @Test
  void anImageAContainerUsesIsRemovedOnlyAsDockerdAllows() throws Exception {
    Container stopped = api.agent.containers().create(CreateOptions.builder("busybox").cmd("true").build());
    assertEquals(Set.of(Digest.parse(api.imageId)), api.agent.images().store().imagesInUse());

    CapturedResponse refused = api.call("DELETE", "/v1.47/images/busybox");
    assertEquals(409, refused.status);
    assertEquals("conflict: unable to remove repository reference \"busybox\" (must force) - container "
        + stopped.shortId() + " is using its referenced image " + api.imageId.substring(7, 19),
        refused.json().get("message").asText());
    CapturedResponse byId = api.call("DELETE", "/v1.47/images/" + api.imageId.substring(7, 19));
    assertEquals(409, byId.status);
    assertTrue(byId.json().get("message").asText().endsWith("(must be forced) - image is being used by stopped container "
        + stopped.shortId()), byId.text());

    api.agent.images().tag("busybox", dev.berth.agent.image.Reference.parse("keep:1"));
    Container running = api.agent.containers().create(CreateOptions.builder("keep:1").cmd("sleep", "30").build());
    api.agent.containers().start(running.id());
    CapturedResponse hard = api.call("DELETE", "/v1.47/images/" + api.imageId.substring(7, 19) + "?force=1");
    assertEquals(409, hard.status);
    assertTrue(hard.json().get("message").asText().contains("(cannot be forced) - image is being used by running container"),
        hard.text());
    JsonNode untagged = api.json("DELETE", "/v1.47/images/keep:1?force=1");
    assertEquals("[{\"Untagged\":\"keep:1\"}]", untagged.toString(), "a running container keeps the image itself");
  }

  @Test
  void infoCountsContainersByState() throws Exception {
    api.agent.containers().create(CreateOptions.builder("busybox").cmd("true").build());
    Container running = api.agent.containers().create(CreateOptions.builder("busybox").cmd("sleep", "30").build());
    api.agent.containers().start(running.id());
    JsonNode info = api.json("GET", "/v1.47/info");
    assertEquals(2, info.get("Containers").asInt());
    assertEquals(1, info.get("ContainersRunning").asInt());
    assertEquals(0, info.get("ContainersPaused").asInt());
    assertEquals(1, info.get("ContainersStopped").asInt());
  }
}
