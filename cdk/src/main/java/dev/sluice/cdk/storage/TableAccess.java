package dev.sluice.cdk.storage;

/** How a function or task uses a table; each maps to the narrowest IAM grant that works. */
public enum TableAccess {
    /** GetItem, Query, Scan (and the index ARNs, for the ordered listings). */
    READ,
    /**
     * READ plus UpdateItem only: counters (quota usage, last login, API key last use), no creates
     * or deletes.
     */
    READ_UPDATE,
    /** Full item CRUD on the table. */
    READ_WRITE
}
