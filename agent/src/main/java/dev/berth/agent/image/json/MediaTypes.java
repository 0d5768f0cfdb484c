package dev.berth.agent.image.json;

/** The media types of image manifests, indexes, configs and layers, OCI's and Docker's. */
public final class MediaTypes {
  /** OCI image manifest. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  /** OCI image index. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  /** OCI image config. */
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  /** OCI layer, uncompressed tar. */
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  /** OCI layer, gzip. */
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  /** OCI layer, zstd. */
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  /** OCI non-distributable layer (deprecated but still met), uncompressed. */
  public static final String OCI_LAYER_NONDISTRIBUTABLE = "application/vnd.oci.image.layer.nondistributable.v1.tar";
  /** Docker schema 2 manifest. */
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  /** Docker manifest list. */
  public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  /** Docker image config. */
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  /** Docker layer, gzip (the name says so even when it is not). */
  public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  /** Docker layer, uncompressed (what docker save's index.json describes). */
  public static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
  /** Docker foreign layer. */
  public static final String DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
  /** The OCI layout file's version. */
  public static final String OCI_LAYOUT_VERSION = "1.0.0";

  private MediaTypes() {}

  /** Whether {@code mediaType} names a single-image manifest (OCI or Docker schema 2). */
  public static boolean isManifest(String mediaType) {
    return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
  }

  /** Whether {@code mediaType} names an index of manifests (OCI index or Docker manifest list). */
  public static boolean isIndex(String mediaType) {
    return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
  }
}
