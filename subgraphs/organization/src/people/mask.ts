// The personal-data masks moved to core (shared with the humanitarian subgraph's beneficiaries).
export { maskName, maskPhone } from "@chapters/core";
