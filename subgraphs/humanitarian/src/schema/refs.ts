// The records that point at one another (an address's supports, a support's address and sponsor,
// a sponsor's address): their GraphQL types are named here and built in their own files
// (address.ts, support.ts, sponsor.ts), so those files import these names, not each other.
import { builder } from "../builder.ts";
import type { AddressRow } from "../addresses/read.ts";
import type { SponsorRow } from "../sponsors/read.ts";
import type { SupportRow } from "../supports/read.ts";

export const AddressRef = builder.objectRef<AddressRow>("HumanitarianAddress");
export const SupportRecordRef = builder.objectRef<SupportRow>("SupportRecord");
export const SponsorRef = builder.objectRef<SponsorRow>("Sponsor");
