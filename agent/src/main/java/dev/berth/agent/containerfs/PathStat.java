package dev.berth.agent.containerfs;

import java.time.Instant;

/**
 * What {@code docker cp} learns about a path in a container before copying (Docker's
 * {@code ContainerPathStat}).
 *
 * @param name the path's last component ({@code /} for the root)
 * @param size lstat's size
 * @param mode lstat's {@code st_mode}: type and permission bits
 * @param modified lstat's modification time
 * @param linkTarget for a symlink, where it leads in the container, all links followed; else ""
 */
public record PathStat(String name, long size, int mode, Instant modified, String linkTarget) {}
