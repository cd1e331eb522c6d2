// The generator's public surface: `generateDataset` writes the four NDJSON files; the
// building blocks let a caller (an OpenSearch loader, a test) produce the same dataset
// without files: generateCatalog -> records, membership; generateEvents -> eventDocument.

export { generateDataset, type GenerateSummary } from "./generate-dataset.js";
export { GenerateOptionError, resolveGenerateOptions, type GenerateOptions } from "./generate-options.js";
export { generateCatalog, type Catalog, type CatalogOptions } from "./catalog.js";
export { generateCommunities } from "./communities.js";
export { generateRecords, generateUnknownRecords, type KnownRecord, type RecordEntry } from "./records.js";
export { generateMembership } from "./membership.js";
export { MembershipTimeline } from "./membership-timeline.js";
export { generateEvents, type EventOptions } from "./events.js";
export { eventDocument, type GeneratedEvent } from "./event-document.js";
export { eventLine } from "./event-line.js";
export { generateEventLines, type EventLine, type EventLineOptions } from "./event-lines.js";
export type { InvalidKind } from "./invalid-lines.js";
export { NdjsonWriter, writeNdjson } from "./write-ndjson.js";
export type * from "./shapes.js";
