package dev.berth.agent.host;

/**
 * What the agent knows about its host, sent at enrollment and on request ({@code host.facts} job).
 *
 * <p>Serialised by Jackson as a JSON object with these camelCase field names. A tool that is not
 * installed has a {@code null} version.
 *
 * @param hostname the kernel's host name
 * @param kernelVersion e.g. {@code 6.1.0-18-amd64}
 * @param operatingSystem the os-release PRETTY_NAME, e.g. {@code Debian GNU/Linux 12 (bookworm)}
 * @param architecture Docker style: {@code amd64}, {@code arm64}, …
 * @param cpuCount logical CPUs available
 * @param memoryTotalBytes MemTotal of /proc/meminfo
 * @param cgroupVersion 1 or 2
 * @param runcVersion first line of {@code runc --version}
 * @param conmonVersion first line of {@code conmon --version}
 * @param iptablesVersion first line of {@code iptables --version}
 * @param diskTotalBytes size of the file system holding the data directory
 * @param diskFreeBytes space usable there
 * @param diskFilesystem type of that file system, e.g. {@code ext4}, {@code xfs}, or null
 * @param agentVersion this agent's version
 * @param bootTime when the host booted, ISO-8601 UTC, or null when unknown
 */
public record HostFacts(
    String hostname,
    String kernelVersion,
    String operatingSystem,
    String architecture,
    int cpuCount,
    long memoryTotalBytes,
    int cgroupVersion,
    String runcVersion,
    String conmonVersion,
    String iptablesVersion,
    long diskTotalBytes,
    long diskFreeBytes,
    String diskFilesystem,
    String agentVersion,
    String bootTime) {}
