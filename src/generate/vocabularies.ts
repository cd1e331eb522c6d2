// Controlled vocabularies of the synthetic records, with InvenioRDM ids, localized titles
// (en, sometimes de/fr) and weights that give realistic frequencies.

import type { AccessStatus, Title } from "./shapes.js";

export interface TermEntry {
  id: string;
  title: Title;
  weight: number;
}

export const RESOURCE_TYPES: readonly TermEntry[] = [
  { id: "publication-article", title: { en: "Journal article", de: "Zeitschriftenartikel", fr: "Article de revue" }, weight: 22 },
  { id: "dataset", title: { en: "Dataset", de: "Datensatz", fr: "Jeu de données" }, weight: 16 },
  { id: "publication-preprint", title: { en: "Preprint", fr: "Prépublication" }, weight: 9 },
  { id: "software", title: { en: "Software", fr: "Logiciel" }, weight: 7 },
  { id: "presentation", title: { en: "Presentation", de: "Präsentation" }, weight: 7 },
  { id: "publication-conferencepaper", title: { en: "Conference paper", de: "Konferenzbeitrag" }, weight: 6 },
  { id: "publication-report", title: { en: "Report", de: "Bericht", fr: "Rapport" }, weight: 6 },
  { id: "publication-book", title: { en: "Book", de: "Buch", fr: "Livre" }, weight: 4 },
  { id: "publication-section", title: { en: "Book section", de: "Buchkapitel" }, weight: 4 },
  { id: "publication-thesis", title: { en: "Thesis", de: "Abschlussarbeit", fr: "Thèse" }, weight: 4 },
  { id: "image-figure", title: { en: "Figure", de: "Abbildung" }, weight: 4 },
  { id: "poster", title: { en: "Poster" }, weight: 3 },
  { id: "lesson", title: { en: "Lesson", de: "Lehrmaterial" }, weight: 2 },
  { id: "image-photo", title: { en: "Photo", de: "Foto" }, weight: 2 },
  { id: "video", title: { en: "Video/Audio" }, weight: 2 },
  { id: "other", title: { en: "Other", de: "Sonstiges", fr: "Autre" }, weight: 2 },
];

export const LANGUAGES: readonly TermEntry[] = [
  { id: "eng", title: { en: "English", de: "Englisch", fr: "Anglais" }, weight: 60 },
  { id: "deu", title: { en: "German", de: "Deutsch" }, weight: 9 },
  { id: "fra", title: { en: "French", fr: "Français" }, weight: 7 },
  { id: "spa", title: { en: "Spanish" }, weight: 7 },
  { id: "por", title: { en: "Portuguese" }, weight: 4 },
  { id: "ita", title: { en: "Italian" }, weight: 3 },
  { id: "nld", title: { en: "Dutch", de: "Niederländisch" }, weight: 2 },
  { id: "pol", title: { en: "Polish" }, weight: 2 },
  { id: "jpn", title: { en: "Japanese" }, weight: 2 },
  { id: "zho", title: { en: "Chinese", fr: "Chinois" }, weight: 2 },
];

export const RIGHTS: readonly TermEntry[] = [
  { id: "cc-by-4.0", title: { en: "Creative Commons Attribution 4.0 International" }, weight: 55 },
  { id: "cc0-1.0", title: { en: "Creative Commons Zero v1.0 Universal" }, weight: 12 },
  { id: "cc-by-sa-4.0", title: { en: "Creative Commons Attribution Share Alike 4.0 International" }, weight: 10 },
  { id: "cc-by-nc-4.0", title: { en: "Creative Commons Attribution Non Commercial 4.0 International" }, weight: 9 },
  { id: "cc-by-nc-nd-4.0", title: { en: "Creative Commons Attribution Non Commercial No Derivatives 4.0 International" }, weight: 6 },
  { id: "mit", title: { en: "MIT License" }, weight: 5 },
  { id: "apache-2.0", title: { en: "Apache License 2.0" }, weight: 3 },
];

export const ACCESS_STATUSES: readonly { id: AccessStatus; weight: number }[] = [
  { id: "open", weight: 75 },
  { id: "metadata-only", weight: 12 },
  { id: "restricted", weight: 8 },
  { id: "embargoed", weight: 5 },
];

/**
 * An older or differently localized title for the same id, as events indexed before a
 * vocabulary update carry: translations missing, or the English text in another case.
 */
export function variantTitle(title: Title): Title {
  if (Object.keys(title).length > 1) return { en: title.en };
  return { en: title.en.toLowerCase() };
}

/** An older spelling of a funder or affiliation name. */
export function variantName(name: string): string {
  return name.toUpperCase();
}
