// The project's one pagination style lives in core (relay connections, at most 1,000 per page,
// a lazily counted totalCount, bad pages and cursors refused, not clamped).
export { PAGE, pageArgs, withTotal } from "@chapters/core";
