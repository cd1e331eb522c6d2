// The dictionary strings that name a subcount value and a (value, label) pair. They are
// the identity of a value across chunks and threads, so both sides build them here.

const KEY_SEPARATOR = "\u0001";
const LABEL_SEPARATOR = "\u0002";

/** `key index` + id: the run-wide identity of a subcount value. */
export function facetIdText(keyIndex: number, id: string): string {
  return `${keyIndex}${KEY_SEPARATOR}${id}`;
}

export function parseFacetIdText(text: string): { keyIndex: number; id: string } {
  const at = text.indexOf(KEY_SEPARATOR);
  return { keyIndex: Number(text.slice(0, at)), id: text.slice(at + 1) };
}

/** A value with one of its labels (canonical JSON text): what a label vote is cast for. */
export function labelPairText(facetId: string, labelJson: string): string {
  return `${facetId}${LABEL_SEPARATOR}${labelJson}`;
}

export function parseLabelPairText(text: string): { facetId: string; labelJson: string } {
  const at = text.indexOf(LABEL_SEPARATOR);
  return { facetId: text.slice(0, at), labelJson: text.slice(at + 1) };
}
