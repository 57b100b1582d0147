// The check every rollup suite makes: for each year and both views (ORG-REFORM), the figures read
// from the rollups answer, and equal the figures computed from the rows, chapter by chapter.
import { expect } from "vitest";

export interface FigureReaders<T> {
  /** null when the rollups cannot answer */
  fromRollups(ids: string[], year: number, restated: boolean): Promise<Map<string, T> | null>;
  fromRows(ids: string[], year: number, restated: boolean): Promise<Map<string, T>>;
}

export async function expectRollupsMatchRows<T>(label: string, ids: string[], years: number[], read: FigureReaders<T>): Promise<void> {
  for (const year of years) {
    for (const restated of [false, true]) {
      const view = `${year} ${restated ? "restated" : "as it was"}`;
      const rolled = await read.fromRollups(ids, year, restated);
      const fromRows = await read.fromRows(ids, year, restated);
      expect(rolled, `${label}: rollups answer ${view}`).not.toBeNull();
      for (const id of ids) expect(rolled!.get(id), `${label}: ${id} ${view}`).toEqual(fromRows.get(id));
    }
  }
}
