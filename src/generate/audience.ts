// Who visits: countries (ISO 3166 alpha-2, null where geolocation failed) and referrers,
// weighted like a research repository with a worldwide audience.

export const COUNTRIES: readonly { id: string | null; weight: number }[] = [
  { id: "US", weight: 18 }, { id: "DE", weight: 8 }, { id: "GB", weight: 7 }, { id: "FR", weight: 5 },
  { id: "CN", weight: 5 }, { id: "IN", weight: 5 }, { id: null, weight: 5 }, { id: "CA", weight: 4 },
  { id: "AU", weight: 3 }, { id: "JP", weight: 3 }, { id: "BR", weight: 3 }, { id: "IT", weight: 3 },
  { id: "ES", weight: 3 }, { id: "NL", weight: 2 }, { id: "CH", weight: 2 }, { id: "SE", weight: 2 },
  { id: "MX", weight: 2 }, { id: "KR", weight: 2 }, { id: "AT", weight: 1 }, { id: "PL", weight: 1 },
  { id: "ZA", weight: 1 }, { id: "NG", weight: 1 }, { id: "KE", weight: 1 }, { id: "AR", weight: 1 },
  { id: "NO", weight: 1 }, { id: "FI", weight: 1 }, { id: "DK", weight: 1 }, { id: "BE", weight: 1 },
  { id: "PT", weight: 1 }, { id: "IE", weight: 1 }, { id: "NZ", weight: 1 },
];

export const REPOSITORY_URL = "https://repository.example.org";

export const REFERRERS: readonly { id: string | null; weight: number }[] = [
  { id: null, weight: 45 },
  { id: "https://www.google.com/", weight: 20 },
  { id: "https://scholar.google.com/", weight: 8 },
  { id: `${REPOSITORY_URL}/search?q=data`, weight: 7 },
  { id: "https://doi.org/", weight: 5 },
  { id: "https://www.bing.com/", weight: 4 },
  { id: "https://duckduckgo.com/", weight: 3 },
  { id: "https://en.wikipedia.org/", weight: 3 },
  { id: "https://t.co/", weight: 2 },
  { id: `${REPOSITORY_URL}/communities`, weight: 3 },
];
