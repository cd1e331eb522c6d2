// NDJSON, as every reader and writer of event, record and membership files splits it.

/** The byte that ends a line. */
export const NEWLINE = 0x0a;
