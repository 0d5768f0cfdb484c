package dev.berth.agent.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** What a prune removed, and the bytes freed (Docker's ImagesDeleted and SpaceReclaimed). */
public record PruneReport(
    @JsonProperty("ImagesDeleted") List<ImageDeleteItem> deleted,
    @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}
