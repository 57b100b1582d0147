// The emulation code sets as GraphQL enums, each value described by its Vietnamese label
// (labels.ts); every enum field has a `…Label` field beside it.
import { described } from "@chapters/core";
import { builder } from "../builder.ts";
import {
  classLabels, conferenceLevelLabels, demotionEffectLabels, factSourceLabels, factStatusLabels, gradeLabels, honoureeKindLabels, rankPlaceLabels,
  resultStatusLabels, segmentKindLabels, sheetKindLabels, arrivalKindLabels, titleDecisionLabels, titleKindLabels, titleMilestoneLabels,
} from "../labels.ts";


export const EmulationClassEnum = builder.enumType("EmulationClass", { description: "Emulation class (xếp loại thi đua, EM-CLASS)", values: described(classLabels) });
export const GradeEnum = builder.enumType("EmulationGrade", { description: "A criterion's grade (EM-SCORE)", values: described(gradeLabels) });
export const SheetKindEnum = builder.enumType("EmulationSheetKind", { values: described(sheetKindLabels) });
export const ArrivalKindEnum = builder.enumType("EmulationArrival", { description: "An arrival a plan's deadline applies to (EM-REGISTER, EM-SCORE)", values: described(arrivalKindLabels) });
export const DemotionEffectEnum = builder.enumType("EmulationDemotionEffect", { description: "What a demotion rule does (EM-DEMOTE)", values: described(demotionEffectLabels) });
export const FactSourceEnum = builder.enumType("EmulationFactSource", { description: "Who owns a fact a classification used", values: described(factSourceLabels) });
export const FactStatusEnum = builder.enumType("EmulationFactStatus", {
  description: "A demotion fact as evaluated from its owner's rows (EM-DEMOTE); UNKNOWN: the owner holds no figure or target, and the council decides",
  values: described(factStatusLabels),
});
export const ResultStatusEnum = builder.enumType("EmulationResultStatus", { values: described(resultStatusLabels) });
export const RankPlaceEnum = builder.enumType("EmulationRankPlace", { description: "Provincial rank (xếp hạng, EM-RANK)", values: described(rankPlaceLabels) });
export const ConferenceLevelEnum = builder.enumType("ConferenceLevel", { description: "Level of a conference of advanced exemplars (EM-CONFERENCE)", values: described(conferenceLevelLabels) });
export const SegmentKindEnum = builder.enumType("ConferenceSegmentKind", { description: "A segment of the conference programme", values: described(segmentKindLabels) });
export const HonoureeKindEnum = builder.enumType("HonoureeKind", { values: described(honoureeKindLabels) });
export const TitleKindEnum = builder.enumType("EmulationTitle", { description: "Title of the movement (EM-TITLES)", values: described(titleKindLabels) });
export const TitleMilestoneEnum = builder.enumType("EmulationTitleMilestone", { description: "A step of a chapter's schedule for the movement (EM-TITLES)", values: described(titleMilestoneLabels) });
export const TitleDecisionEnum = builder.enumType("EmulationTitleDecision", { values: described(titleDecisionLabels) });
