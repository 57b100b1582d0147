// The project's one pagination style lives in core (relay connections, at most 1,000 per page).
export { PAGE, pageArgs, withTotal } from "@chapters/core";
