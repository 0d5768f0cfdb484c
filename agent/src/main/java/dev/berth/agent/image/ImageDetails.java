package dev.berth.agent.image;

import dev.berth.agent.image.json.ImageConfig;
import java.util.List;

/**
 * Everything {@code docker image inspect} shows about one image.
 *
 * @param image the stored image (id, layers, sizes, parent, created)
 * @param config its parsed config (shared: do not modify)
 * @param repoTags tags in familiar form
 * @param repoDigests digest references in familiar form
 */
public record ImageDetails(Image image, ImageConfig config, List<String> repoTags, List<String> repoDigests) {}
