package dev.berth.agent.layer;

import dev.berth.agent.content.Digest;

/**
 * The outcome of applying a layer: its DiffID (sha256 of the uncompressed tar stream, trailing
 * padding included) and the byte count of that stream.
 */
public record AppliedLayer(Digest diffId, long size) {}
