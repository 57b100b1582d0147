import type { EmulationContext } from "../../subgraphs/emulation/src/builder.ts";
export async function seedCeremonies(_ctx: EmulationContext, _id: (code: string) => string): Promise<void> {}
