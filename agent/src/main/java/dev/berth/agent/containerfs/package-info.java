/**
 * A container's files seen from the host, as dockerd serves them: {@code docker export}
 * ({@link dev.berth.agent.containerfs.ContainerExport}), {@code docker diff}
 * ({@link dev.berth.agent.containerfs.ContainerDiff}), {@code docker commit}
 * ({@link dev.berth.agent.containerfs.ContainerCommitter}) and both directions of
 * {@code docker cp} ({@link dev.berth.agent.containerfs.ContainerCopy}). Every path inside a
 * container is resolved by the kernel within the container's root (openat2), and files are read
 * and written through directory descriptors, so a running container rearranging its files
 * meanwhile cannot lead the agent outside them.
 */
package dev.berth.agent.containerfs;
