// The descriptive metadata of one synthetic work (a parent): what all its versions share.
// Multi-valued facets get realistic list sizes; creators of a work tend to share
// institutions, so the same affiliation often appears more than once in a record.

import { AFFILIATIONS, FAMILY_NAMES, FUNDERS, GIVEN_NAMES, JOURNALS, PUBLISHERS, SUBJECTS } from "./organisations.js";
import type { Random } from "./random.js";
import type { AccessStatus, Creator, NamedTerm, RecordDocument, RecordMetadata, Subject, TitledTerm } from "./shapes.js";
import { ACCESS_STATUSES, LANGUAGES, RESOURCE_TYPES, RIGHTS, type TermEntry } from "./vocabularies.js";
import { samplerOf, WeightedSampler, zipfWeights } from "./weighted-sampler.js";

export interface WorkMetadata {
  metadata: RecordMetadata;
  customFields: RecordDocument["custom_fields"];
  access: AccessStatus;
}

const RESOURCE_TYPE_SAMPLER = samplerOf(RESOURCE_TYPES);
const LANGUAGE_SAMPLER = samplerOf(LANGUAGES);
const RIGHTS_SAMPLER = samplerOf(RIGHTS);
const ACCESS_SAMPLER = samplerOf(ACCESS_STATUSES);
const FUNDER_SAMPLER = new WeightedSampler(zipfWeights(FUNDERS.length, 1, 1));
const AFFILIATION_SAMPLER = new WeightedSampler(zipfWeights(AFFILIATIONS.length, 0.8, 2));
const PUBLISHER_SAMPLER = new WeightedSampler(zipfWeights(PUBLISHERS.length, 1.1, 1));
const JOURNAL_SAMPLER = new WeightedSampler(zipfWeights(JOURNALS.length, 0.7, 1));
const SUBJECT_SAMPLER = new WeightedSampler(zipfWeights(SUBJECTS.length, 0.5, 1));
const ARTICLE_LIKE = new Set(["publication-article", "publication-preprint", "publication-conferencepaper"]);
const TITLE_OPENERS = ["Notes on", "A study of", "Data for", "Rethinking", "Sources on", "Towards"];

/** Up to `count` distinct indices drawn from a sampler. */
function drawDistinct(rng: Random, sampler: WeightedSampler, count: number): number[] {
  const picked: number[] = [];
  for (let tries = 0; picked.length < count && tries < count * 8; tries++) {
    const index = sampler.sample(rng);
    if (!picked.includes(index)) picked.push(index);
  }
  return picked;
}

function terms(rng: Random, sampler: WeightedSampler, entries: readonly TermEntry[], count: number): TitledTerm[] {
  return drawDistinct(rng, sampler, count).map((i) => ({ id: entries[i].id, title: entries[i].title }));
}

/** One affiliation mention; now and then typed as free text although it has an id. */
function mention(rng: Random, home: number[]): NamedTerm {
  const term = AFFILIATIONS[rng.chance(0.8) ? rng.pick(home) : AFFILIATION_SAMPLER.sample(rng)];
  return term.id !== undefined && rng.chance(0.05) ? { name: term.name } : term;
}

function people(rng: Random, count: number, home: number[]): Creator[] {
  const creators: Creator[] = [];
  for (let i = 0; i < count; i++) {
    const given = rng.pick(GIVEN_NAMES);
    const family = rng.pick(FAMILY_NAMES);
    const r = rng.next();
    const affiliations = r < 0.15 ? [] : r < 0.9 ? [mention(rng, home)] : [mention(rng, home), mention(rng, home)];
    creators.push({
      person_or_org: { type: "personal", name: `${family}, ${given}`, given_name: given, family_name: family },
      affiliations,
    });
  }
  return creators;
}

export function generateWorkMetadata(rng: Random, publicationDate: string): WorkMetadata {
  const resourceType = RESOURCE_TYPES[RESOURCE_TYPE_SAMPLER.sample(rng)];
  const home = drawDistinct(rng, AFFILIATION_SAMPLER, rng.between(1, 3));
  const creators = people(rng, rng.geometric(2.2, 8), home);
  // Some records list the same affiliation twice for one person (copy-paste in deposit forms).
  const first = creators[0].affiliations;
  if (first !== undefined && first.length > 0 && rng.chance(0.04)) first.push(first[0]);
  const subjects: Subject[] = drawDistinct(rng, SUBJECT_SAMPLER, rng.int(5)).map((i) => SUBJECTS[i]);
  const metadata: RecordMetadata = {
    title: `${rng.pick(TITLE_OPENERS)} ${(subjects[0]?.subject ?? resourceType.title.en).toLowerCase()}`,
    publication_date: publicationDate,
    resource_type: { id: resourceType.id, title: resourceType.title },
    creators,
  };
  if (!rng.chance(0.15)) metadata.languages = terms(rng, LANGUAGE_SAMPLER, LANGUAGES, rng.chance(0.85) ? 1 : rng.between(2, 3));
  if (!rng.chance(0.1)) metadata.rights = terms(rng, RIGHTS_SAMPLER, RIGHTS, rng.chance(0.9) ? 1 : 2);
  const funders = drawDistinct(rng, FUNDER_SAMPLER, rng.chance(0.55) ? 0 : rng.geometric(1.4, 3));
  if (funders.length > 0) metadata.funding = funders.map((i) => ({ funder: FUNDERS[i] }));
  if (rng.chance(0.4)) metadata.contributors = people(rng, rng.between(1, 2), home);
  if (rng.chance(0.88)) metadata.publisher = PUBLISHERS[PUBLISHER_SAMPLER.sample(rng)];
  if (subjects.length > 0) metadata.subjects = subjects;
  const customFields: RecordDocument["custom_fields"] = {};
  if (rng.chance(ARTICLE_LIKE.has(resourceType.id) ? 0.55 : 0.04)) {
    customFields["journal:journal"] = { title: JOURNALS[JOURNAL_SAMPLER.sample(rng)] };
  }
  return { metadata, customFields, access: ACCESS_STATUSES[ACCESS_SAMPLER.sample(rng)].id };
}
