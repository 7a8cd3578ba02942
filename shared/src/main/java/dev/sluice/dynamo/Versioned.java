package dev.sluice.dynamo;

/** A stored value with the version an update must name to replace it. */
public record Versioned<T>(T value, long version) {}
