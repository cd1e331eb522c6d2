// Organisations and free-text values of the synthetic records: funders, affiliations,
// publishers, journals, subjects and people. Ids are ROR-shaped but made up, derived
// from the name so they stay the same whatever the seed.

import { hashLabel } from "./random.js";
import type { NamedTerm, Subject } from "./shapes.js";

const ROR_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

function rorId(name: string): string {
  let h = hashLabel(7, name);
  let id = "0";
  for (let i = 0; i < 6; i++, h = Math.floor(h / 32)) id += ROR_ALPHABET[h % 32];
  return id + String(hashLabel(11, name) % 100).padStart(2, "0");
}

/** Entries named `*` have no id (free text in the record), like many real ones. */
function named(names: readonly string[], withoutIdEvery: number): NamedTerm[] {
  return names.map((name, i) => ((i + 1) % withoutIdEvery === 0 ? { name } : { id: rorId(name), name }));
}

export const FUNDERS: readonly NamedTerm[] = named(
  [
    "European Commission",
    "National Science Foundation",
    "National Institutes of Health",
    "Deutsche Forschungsgemeinschaft",
    "Wellcome Trust",
    "Swiss National Science Foundation",
    "Austrian Science Fund",
    "Dutch Research Council",
    "UK Research and Innovation",
    "Agence Nationale de la Recherche",
    "Japan Society for the Promotion of Science",
    "Australian Research Council",
    "Natural Sciences and Engineering Research Council of Canada",
    "Social Sciences and Humanities Research Council",
    "National Endowment for the Humanities",
    "Andrew W. Mellon Foundation",
    "Bill & Melinda Gates Foundation",
    "Alfred P. Sloan Foundation",
    "Volkswagen Foundation",
    "Research Council of Norway",
    "Swedish Research Council",
    "Research Council of Finland",
    "Independent Research Fund Denmark",
    "Agencia Estatal de Investigación",
    "Fundação para a Ciência e a Tecnologia",
    "National Natural Science Foundation of China",
    "European Research Council",
    "Leverhulme Trust",
    "Arts and Humanities Research Council",
    "Templeton World Charity Foundation",
    "Local Heritage Fund",
  ],
  10,
);

const PLACES = [
  "Oslo",
  "Vienna",
  "Michigan",
  "Edinburgh",
  "Toronto",
  "Melbourne",
  "Cape Town",
  "Helsinki",
  "Bologna",
  "Leiden",
  "Zurich",
  "Geneva",
  "Lisbon",
  "Warsaw",
  "Prague",
  "Ghent",
  "Uppsala",
  "Copenhagen",
  "Barcelona",
  "Tokyo",
  "Kyoto",
  "São Paulo",
  "Buenos Aires",
  "Nairobi",
  "Lagos",
  "Delhi",
  "Manila",
  "Auckland",
  "Dublin",
  "Glasgow",
  "Montréal",
  "Chicago",
  "Texas",
  "Arizona",
  "Utah",
  "Graz",
  "Heidelberg",
  "Göttingen",
  "Montpellier",
  "Bordeaux",
];
const SECOND_INSTITUTIONS = ["{} Institute of Technology", "{} University Hospital", "Museum of {}", "{} State Library"];

export const AFFILIATIONS: readonly NamedTerm[] = named(
  PLACES.flatMap((place, i) => [`University of ${place}`, SECOND_INSTITUTIONS[i % 4].replace("{}", place)]),
  9,
);

export const PUBLISHERS: readonly string[] = [
  "Zenodo",
  "Knowledge Commons",
  "Springer Nature",
  "Elsevier",
  "Wiley",
  "MIT Press",
  "Open Book Publishers",
  "De Gruyter",
  "Taylor & Francis",
  "University of Michigan Press",
];

export const JOURNALS: readonly string[] = [
  "Digital Humanities Quarterly",
  "Journal of Open Source Software",
  "PLOS ONE",
  "Scientific Data",
  "Nature Communications",
  "Journal of Cultural Heritage",
  "Humanities",
  "Open Research Europe",
  "F1000Research",
  "Journal of Documentation",
  "Archival Science",
  "Data Science Journal",
  "Journal of Library Metadata",
  "Hispanic Review",
  "Études rurales",
];

const FAST_SUBJECTS = [
  "Digital humanities",
  "Climate change",
  "Machine learning",
  "Archaeology",
  "Linguistics",
  "Public health",
  "Medieval history",
  "Ecology",
  "Oceanography",
  "Musicology",
  "Economics",
  "Philosophy",
  "Astrophysics",
  "Education",
  "Sociology",
];
const KEYWORDS = [
  "open science",
  "metadata",
  "reproducibility",
  "survey data",
  "oral history",
  "GIS",
  "text mining",
  "field notes",
  "benchmark",
  "teaching materials",
  "COVID-19",
  "sediment cores",
];

export const SUBJECTS: readonly Subject[] = [
  ...FAST_SUBJECTS.map((subject) => ({
    id: `http://id.worldcat.org/fast/${1000000 + (hashLabel(3, subject) % 999999)}`,
    subject,
    scheme: "FAST-topical",
  })),
  ...KEYWORDS.map((subject) => ({ subject })),
];

export const GIVEN_NAMES: readonly string[] = [
  "Ada",
  "Bruno",
  "Chiara",
  "Dmitri",
  "Eun-ji",
  "Fatima",
  "Gustav",
  "Hana",
  "Ifeoma",
  "Jonas",
  "Kiri",
  "Lucía",
  "Mateo",
  "Nadia",
  "Oskar",
  "Priya",
  "Quentin",
  "Rosa",
  "Søren",
  "Tomás",
];

export const FAMILY_NAMES: readonly string[] = [
  "Abara",
  "Berger",
  "Costa",
  "Dubois",
  "Eriksen",
  "Fujita",
  "García",
  "Horvat",
  "Ivanova",
  "Jansen",
  "Kowalski",
  "Lindqvist",
  "Müller",
  "Nakamura",
  "Okafor",
  "Petrov",
  "Quispe",
  "Rossi",
  "Schmidt",
  "Tanaka",
];
