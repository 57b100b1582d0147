// The CSV reader moved to core (shared with the humanitarian subgraph's address import).
export { guessDelimiter, parseCsv, type CsvRow } from "@chapters/core";
