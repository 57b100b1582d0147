// BL-ORGAN: a registration is recorded only with its consent record (signed form, date, witness).
import type { BloodContext } from "../builder.ts";
import { requireChapterInSlice } from "../access/slice.ts";
import { once } from "../write/transaction.ts";

export interface NewOrganRegistration {
  chapterId: string;
  fullName: string;
  birthDate?: Date | null;
  nationalId?: string | null;
  phone?: string | null;
  registeredOn: Date;
  organs: string[];
  consent: { signedOn: Date; document: string; witness?: string | null };
  idempotencyKey?: string | null;
}

export async function registerOrganDonation(ctx: BloodContext, roots: string[], recordedBy: string, input: NewOrganRegistration): Promise<string> {
  const { value } = await once(ctx, "registerOrganDonation", input, async (tx) => {
        await requireChapterInSlice(tx, roots, input.chapterId);
        const row = await tx.organRegistration.create({
          data: {
            chapterId: input.chapterId,
            fullName: input.fullName,
            birthDate: input.birthDate ?? null,
            nationalId: input.nationalId ?? null,
            phone: input.phone ?? null,
            registeredOn: input.registeredOn,
            organs: input.organs,
            consentSignedOn: input.consent.signedOn,
            consentDocument: input.consent.document,
            consentWitness: input.consent.witness ?? null,
            recordedBy,
          },
        });
        return row.id;
  });
  return value;
}
