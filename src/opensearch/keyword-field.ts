// Which field to aggregate or match ids on: `recid` where it is a keyword (the
// templates of InvenioRDM and of the dashboard), else its `.keyword` sub-field where an
// index was created by dynamic mapping (a text field, analyzed: ids would be cut into
// words). Undefined when the field is in none of the indices (nothing to collect).

import type { Client } from "@opensearch-project/opensearch";
import { displayUrl } from "./client.js";
import { OpenSearchError } from "./opensearch-errors.js";
import { NO_CLIENT_RETRY, retryOpenSearch } from "./retry-request.js";

type FieldCaps = Record<string, Record<string, { aggregatable?: boolean }>>;

export async function keywordField(client: Client, url: string, index: string, field: string): Promise<string | undefined> {
  const found = await listableField(client, url, index, field);
  if (found !== null) return found;
  throw new OpenSearchError(
    "refused",
    `${index} maps ${field} so that its values cannot be listed (it needs to be a keyword field) (at ${displayUrl(url)})`,
    index,
  );
}

/** As keywordField, but null where the field is mapped and cannot be listed (not indexed, no doc values, text). */
export async function listableField(client: Client, url: string, index: string, field: string): Promise<string | undefined | null> {
  const sub = `${field}.keyword`;
  const { body } = await retryOpenSearch({ url, index }, () => client.fieldCaps({ index, fields: [field, sub], ignore_unavailable: true }, NO_CLIENT_RETRY));
  const fields = (body as { fields?: FieldCaps }).fields ?? {};
  const usable = (name: string) => {
    const types = Object.values(fields[name] ?? {});
    return types.length > 0 && types.every((caps) => caps.aggregatable === true);
  };
  if (usable(field)) return field;
  if (usable(sub)) return sub;
  return fields[field] === undefined ? undefined : null;
}
