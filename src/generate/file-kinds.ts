// File kinds of the synthetic records: extension, typical keys and size range. Keys
// include upper-case names and `.tar.gz` archives (extension `gz`), as real uploads do.

export interface FileKind {
  ext: string;
  mimetype: string;
  keys: readonly string[];
  minBytes: number;
  maxBytes: number;
  weight: number;
}

const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;
const OOXML = "application/vnd.openxmlformats-officedocument";

export const FILE_KINDS: readonly FileKind[] = [
  {
    ext: "pdf",
    mimetype: "application/pdf",
    keys: ["article.pdf", "manuscript.pdf", "thesis.pdf", "slides.pdf", "Report_2024.PDF"],
    minBytes: 40 * KB,
    maxBytes: 40 * MB,
    weight: 34,
  },
  { ext: "csv", mimetype: "text/csv", keys: ["data.csv", "survey_results.csv", "measurements.csv"], minBytes: 1 * KB, maxBytes: 300 * MB, weight: 12 },
  { ext: "zip", mimetype: "application/zip", keys: ["code.zip", "supplementary.zip", "Images.ZIP"], minBytes: 100 * KB, maxBytes: 2 * GB, weight: 10 },
  { ext: "png", mimetype: "image/png", keys: ["figure1.png", "IMG_0042.PNG", "map.png"], minBytes: 20 * KB, maxBytes: 12 * MB, weight: 8 },
  { ext: "txt", mimetype: "text/plain", keys: ["README.txt", "notes.txt"], minBytes: 200, maxBytes: 60 * KB, weight: 6 },
  { ext: "docx", mimetype: `${OOXML}.wordprocessingml.document`, keys: ["draft.docx", "chapter-3.docx"], minBytes: 15 * KB, maxBytes: 8 * MB, weight: 6 },
  { ext: "gz", mimetype: "application/gzip", keys: ["dataset.tar.gz", "backup-2024.tar.gz", "corpus.tar.gz"], minBytes: 1 * MB, maxBytes: 4 * GB, weight: 6 },
  { ext: "json", mimetype: "application/json", keys: ["metadata.json", "config.json"], minBytes: 300, maxBytes: 20 * MB, weight: 5 },
  { ext: "xlsx", mimetype: `${OOXML}.spreadsheetml.sheet`, keys: ["results.xlsx", "Codebook.xlsx"], minBytes: 10 * KB, maxBytes: 30 * MB, weight: 4 },
  { ext: "jpg", mimetype: "image/jpeg", keys: ["photo.jpg", "scan-001.jpg"], minBytes: 50 * KB, maxBytes: 15 * MB, weight: 4 },
  { ext: "mp4", mimetype: "video/mp4", keys: ["interview.mp4", "lecture.mp4"], minBytes: 5 * MB, maxBytes: 3 * GB, weight: 2 },
  { ext: "xml", mimetype: "application/xml", keys: ["tei-edition.xml", "export.xml"], minBytes: 2 * KB, maxBytes: 50 * MB, weight: 3 },
];
