// npm run token -- --chapter HP --role officer [--grants personal-data,blood-stock] [--sub name] [--expires 12h] (at most JWT_MAX_LIFETIME, default 7d)
import { parseArgs } from "node:util";
import { DEV_TOKEN_LIFETIME, parseRole, signDevUserToken } from "@chapters/core";

const { values } = parseArgs({
  options: {
    chapter: { type: "string" },
    role: { type: "string", default: "officer" },
    grants: { type: "string" },
    sub: { type: "string" },
    expires: { type: "string", default: DEV_TOKEN_LIFETIME },
  },
});
const role = parseRole(values.role);
if (!values.chapter || !role) {
  console.error("usage: npm run token -- --chapter HP --role officer|admin|viewer|partner|screen [--grants a,b]");
  process.exit(2);
}
console.log(
  await signDevUserToken(
    { chapter: values.chapter.toUpperCase(), role, sub: values.sub, grants: values.grants?.split(",").filter(Boolean) },
    { expiresIn: values.expires },
  ),
);
