// A target as the readers pass it around: its key (chapter, indicator, year) and its row, in
// either view (ORG-REFORM). Apart from read.ts so restated.ts can name them without importing it.
import type { IndicatorUnit } from "../generated/prisma/enums.ts";

export interface TargetKey {
  chapterId: string;
  indicatorCode: string;
  year: number;
}

/** A target read in one of the two views (ORG-REFORM); absent `restated` means as it was. */
export interface ViewedTargetKey extends TargetKey {
  restated?: boolean | null;
}

export interface TargetRow extends TargetKey {
  restated: boolean;
  value: number;
  /** upper bound of a range target, else null */
  maxValue: number | null;
  /** the document stating it ("illustrative" for demo values); absent from a restated sum */
  source?: string | null;
  unit: IndicatorUnit;
  assignedById: string;
}
