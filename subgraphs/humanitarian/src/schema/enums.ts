// The humanitarian code sets as GraphQL enums, each value described by its Vietnamese label
// (labels.ts); every enum field has a `…Label` field beside it.
import { described } from "@chapters/core";
import { builder } from "../builder.ts";
import {
  addressCategoryLabels,
  addressKindLabels,
  addressStatusLabels,
  campaignKindLabels,
  fundSpendingStateLabels,
  sponsorKindLabels,
  supportFormLabels,
  supportGiverLabels,
  supportKindLabels,
} from "../labels.ts";

export const AddressCategoryEnum = builder.enumType("AddressCategory", { description: "Who a humanitarian address is (đối tượng, HA-PROFILE)", values: described(addressCategoryLabels) });
export const AddressStatusEnum = builder.enumType("AddressStatus", { description: "Workflow step: surveyed → profiled → approved → supported → closed", values: described(addressStatusLabels) });
export const AddressKindEnum = builder.enumType("AddressKind", { values: described(addressKindLabels) });
export const SupportKindEnum = builder.enumType("SupportKind", { description: "Form of support (hình thức trợ giúp, HA-SUPPORT)", values: described(supportKindLabels) });
export const SupportGiverEnum = builder.enumType("SupportGiver", { description: "Who gave: a sponsor, or the chapter from its fund (HA-SUPPORT)", values: described(supportGiverLabels) });
export const SupportFormEnum = builder.enumType("SupportForm", { description: "Cash or in kind (HA-SUPPORT)", values: described(supportFormLabels) });
export const FundSpendingStateEnum = builder.enumType("FundSpendingState", {
  description: "A chapter-fund gift's line in the organization's fund ledger (ORG-FUND): PENDING is not counted anywhere yet",
  values: described(fundSpendingStateLabels),
});
export const CampaignKindEnum = builder.enumType("CampaignKind", { description: "Campaign or programme (HA-CAMPAIGNS)", values: described(campaignKindLabels) });
export const SponsorKindEnum = builder.enumType("SponsorKind", { values: described(sponsorKindLabels) });
export const AddressStepEnum = builder.enumType("AddressStep", {
  description: "The steps an officer records by hand; SUPPORTED follows from the first support record",
  values: { PROFILED: { description: "Lập hồ sơ" }, APPROVED: { description: "Phê duyệt" }, CLOSED: { description: "Kết thúc" } },
});
