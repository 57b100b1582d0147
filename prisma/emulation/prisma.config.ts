import { subgraphCliConfig } from "../cli-adapter.ts";

export default subgraphCliConfig("emulation");
