package dev.janus.placement.cluster;

import java.net.URI;

/**
 * One expert-service process.
 *
 * @param id  MoE instance id: the epoch places physical slots {@code [id * C, (id + 1) * C)} on it
 * @param uri its HTTP base URL
 */
public record ExpertInstance(int id, URI uri) {}
