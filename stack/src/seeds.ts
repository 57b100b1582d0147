// The seed wiring: the demo data each subgraph loads comes from prisma/<subgraph>/, which builds on
// that subgraph's own writers. The stack is the only place that joins the two, so a subgraph's code
// never points at its seed (the seeds point at the subgraph, not back).
export { seedBloodDemo } from "../../prisma/blood/seed.ts";
export { seedEmulationDemo } from "../../prisma/emulation/seed.ts";
export { seedHumanitarianDemo } from "../../prisma/humanitarian/seed.ts";
export { DEMO, seedOrganizationDemo } from "../../prisma/organization/seed.ts";
export { DEMO_PARTNERS } from "../../prisma/organization/seed-partners.ts";
export { generateSyntheticTree } from "../../prisma/organization/synthetic.ts";
