// What ingestion copies from a record onto an enriched event (invenio-stats-dashboard's
// event builders), and the older labels some enriched events carry for the same ids.

import type { Random } from "./random.js";
import type { EventFacets, NamedTerm, RecordDocument, TitledTerm } from "./shapes.js";
import { variantName, variantTitle } from "./vocabularies.js";

/**
 * The record's facets as an event carries them. `file_types` here is the view form: every
 * file's extension, duplicates kept (the dashboard's builder does not deduplicate).
 */
export function recordFacets(doc: RecordDocument, fileExtensions: string[]): EventFacets {
  const { metadata } = doc;
  const affiliations: NamedTerm[] = [];
  for (const person of [...(metadata.contributors ?? []), ...metadata.creators]) {
    affiliations.push(...(person.affiliations ?? []));
  }
  return {
    resource_type: metadata.resource_type,
    access_status: doc.access.status,
    languages: metadata.languages ?? null,
    rights: metadata.rights ?? null,
    funders: (metadata.funding ?? []).map((funding) => funding.funder),
    affiliations,
    publisher: metadata.publisher ?? null,
    journal_title: doc.custom_fields["journal:journal"]?.title ?? null,
    file_types: doc.files.enabled ? (doc.files.types ?? fileExtensions) : null,
    subjects: metadata.subjects ?? null,
  };
}

function retitle(term: TitledTerm): TitledTerm {
  return { id: term.id, title: variantTitle(term.title) };
}

function rename(term: NamedTerm): NamedTerm {
  return term.id === undefined ? term : { id: term.id, name: variantName(term.name) };
}

/**
 * A copy of `facets` where one facet value carries an older label for its id, so that
 * label voting (SPEC section 4) has disagreements to settle.
 */
export function withOlderLabel(rng: Random, facets: EventFacets): EventFacets {
  const copy = { ...facets };
  switch (rng.int(5)) {
    case 0:
      copy.resource_type = retitle(facets.resource_type);
      break;
    case 1:
      if (facets.languages !== null) copy.languages = facets.languages.map(retitle);
      break;
    case 2:
      if (facets.rights !== null) copy.rights = facets.rights.map(retitle);
      break;
    case 3:
      copy.funders = facets.funders.map(rename);
      break;
    default:
      copy.affiliations = facets.affiliations.map(rename);
  }
  return copy;
}
