package dev.berth.agent.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.berth.agent.content.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdsTest {
  // Expected values computed with coreutils: printf '%s %s' "$parent" "$diffid" | sha256sum
  private static final Digest A = digestOf("a");
  private static final Digest B = digestOf("b");
  private static final Digest C = digestOf("c");

  @Test
  void noLayersHaveNoChainIds() {
    assertEquals(List.of(), ChainIds.of(List.of()));
  }

  @Test
  void theBottomLayersChainIdIsItsDiffId() {
    assertEquals(List.of(A), ChainIds.of(List.of(A)));
  }

  @Test
  void eachChainIdHashesTheParentChainIdASpaceAndTheDiffId() {
    assertEquals(
        List.of(
            A,
            Digest.parse("sha256:51c0c8ace48498d6f5fee6b0592cc06f2da0f3cbe09c5a34a97dce85c3889676"),
            Digest.parse("sha256:2fce7f8ce91bcf0a1428b36e1024639fdbd9469eea762dba98aa749631885106")),
        ChainIds.of(List.of(A, B, C)));
  }

  @Test
  void theSameLayerOnDifferentParentsGetsDifferentChainIds() {
    assertNotEquals(ChainIds.of(List.of(A, C)).get(1), ChainIds.of(List.of(B, C)).get(1));
  }

  private static Digest digestOf(String text) {
    return Digest.of(text.getBytes(StandardCharsets.UTF_8));
  }
}
