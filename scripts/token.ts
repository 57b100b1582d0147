// npm run token -- --chapter HP --role officer [--grants ceremony:gala,blood-drive:<id>] [--sub name] [--expires 12h] (at most JWT_MAX_LIFETIME, default 7d)
// A partner token names the partner: --role partner --sub <partner id> --chapter <the chapter its grant covers>. Its grants
// come from the data (grantPartnerAccess), so --grants is for SCREEN tokens only.
import { parseArgs } from "node:util";
import { DEV_TOKEN_LIFETIME, parseRoleArgument, signDevUserToken } from "@chapters/core";

const { values } = parseArgs({
  options: {
    chapter: { type: "string" },
    role: { type: "string", default: "officer" },
    grants: { type: "string" },
    sub: { type: "string" },
    expires: { type: "string", default: DEV_TOKEN_LIFETIME },
  },
});
const role = parseRoleArgument(values.role);
if (!values.chapter || !role) {
  console.error("usage: npm run token -- --chapter HP --role officer|admin|viewer|partner|screen [--grants a,b] [--sub id]");
  process.exit(2);
}
if (role === "PARTNER" && !values.sub) {
  console.error("a partner token names the partner: add --sub <partner id> (see `partners` in the API; the demo's are in prisma/organization/seed-partners.ts)");
  process.exit(2);
}
if (role === "PARTNER" && values.grants) console.error("note: --grants is ignored for a partner: its grants in force come from the data");
console.log(
  await signDevUserToken(
    { chapter: values.chapter.toUpperCase(), role, sub: values.sub, grants: role === "PARTNER" ? [] : values.grants?.split(",").filter(Boolean) },
    { expiresIn: values.expires },
  ),
);
