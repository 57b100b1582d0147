// ORG-TREE: identity. The gateway accepts only verified tokens; a subgraph accepts only the
// identity the gateway signed for it.
import { INTERNAL_IDENTITY_HEADER, signInternalIdentity, verifyInternalIdentity } from "@chapters/core";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedTestStack, type TestStack } from "@chapters/stack/testing";

let t: TestStack;
beforeAll(async () => {
  t = await sharedTestStack();
});
afterAll(async () => t?.stop());

const ME = "{ me { role chapter { code } } }";

async function postToSubgraph(headers: Record<string, string>, query = '{ chapter(code: "TW") { code name } }') {
  const response = await fetch(t.stack.organization.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] } };
}

describe("ORG-TREE identity at the gateway", () => {
  it("refuses a request without a token: nothing is readable", async () => {
    const res = await t.query(ME, {}, { token: null });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(res.data ?? null).toBeNull();
  });

  it("refuses a token signed with another key", async () => {
    const forged = await new SignJWT({ chapter: "TW", role: "ADMIN" })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("not-the-secret"));
    const res = await t.query(ME, {}, { token: forged });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a token with an unknown role", async () => {
    const odd = await new SignJWT({ chapter: "HP", role: "KING" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("someone")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("chapters-dev-user-secret-change-me-in-production"));
    const res = await t.query(ME, {}, { token: odd });
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("answers a valid token with the caller's identity", async () => {
    const res = await t.query(ME, {}, { chapter: "HP", role: "OFFICER" });
    expect(res.errors).toBeUndefined();
    expect(res.data.me).toEqual({ role: "OFFICER", chapter: { code: "HP" } });
  });
});

describe("ORG-TREE identity at a subgraph", () => {
  it("refuses a forged identity sent straight to the subgraph", async () => {
    const forged = await new SignJWT({ chapter: "TW", role: "ADMIN" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("chapters-gateway")
      .setAudience("organization")
      .setExpirationTime("1m")
      .sign(new TextEncoder().encode("guessed-secret"));
    const res = await postToSubgraph({ [INTERNAL_IDENTITY_HEADER]: forged });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(res.body.data ?? null).toBeNull();
  });

  it("refuses an identity the gateway signed for another subgraph", async () => {
    const forBlood = await signInternalIdentity({ subject: "x", chapterCode: "TW", role: "ADMIN", grants: [] }, "blood");
    const res = await postToSubgraph({ [INTERNAL_IDENTITY_HEADER]: forBlood });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses the user's own token passed straight to the subgraph", async () => {
    const userToken = await t.token("TW", "ADMIN");
    const res = await postToSubgraph({ [INTERNAL_IDENTITY_HEADER]: userToken, authorization: `Bearer ${userToken}` });
    expect(res.status).toBe(401);
  });

  it("reads nothing without any identity", async () => {
    const res = await postToSubgraph({});
    expect(res.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(res.body.data?.chapter ?? null).toBeNull();
  });

  it("reuses a verification only for the very token and subgraph it checked: a tampered copy and another subgraph are still refused", async () => {
    const genuine = await signInternalIdentity({ subject: "reuse", chapterCode: "HP", role: "OFFICER", grants: [] }, "organization");
    expect(await verifyInternalIdentity(genuine, "organization")).toMatchObject({ subject: "reuse", chapterCode: "HP", role: "OFFICER" });
    expect(await verifyInternalIdentity(genuine, "organization")).toMatchObject({ subject: "reuse", chapterCode: "HP" });
    await expect(verifyInternalIdentity(genuine, "blood")).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    const [head, body, signature] = genuine.split(".");
    const elevated = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, "base64url").toString()), role: "ADMIN", chapter: "TW" })).toString("base64url");
    await expect(verifyInternalIdentity(`${head}.${elevated}.${signature}`, "organization")).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    const flipped = signature!.slice(0, -2) + (signature!.endsWith("AA") ? "AB" : "AA");
    await expect(verifyInternalIdentity(`${head}.${body}.${flipped}`, "organization")).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });

  it("accepts the identity the gateway signed for it", async () => {
    const genuine = await signInternalIdentity({ subject: "x", chapterCode: "TW", role: "ADMIN", grants: [] }, "organization");
    const res = await postToSubgraph({ [INTERNAL_IDENTITY_HEADER]: genuine });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.chapter.code).toBe("TW");
  });
});

describe("ORG-TREE service identities", () => {
  it("a user token cannot claim the SERVICE role", async () => {
    const res = await t.query(ME, {}, { chapter: "TW", role: "SERVICE" });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("the tree event feed is not part of the public API", async () => {
    const res = await t.query("{ treeEvents { id } }", {}, { chapter: "TW", role: "ADMIN" });
    expect(res.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("the tree event feed answers a SERVICE identity and refuses an ADMIN one", async () => {
    const query = "{ treeEvents(first: 1) { id } }";
    const admin = await signInternalIdentity({ subject: "x", chapterCode: "TW", role: "ADMIN", grants: [] }, "organization");
    const refused = await postToSubgraph({ [INTERNAL_IDENTITY_HEADER]: admin }, query);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const service = await signInternalIdentity({ subject: "blood", chapterCode: "TW", role: "SERVICE", grants: [] }, "organization");
    const answered = await postToSubgraph({ [INTERNAL_IDENTITY_HEADER]: service }, query);
    expect(answered.body.data.treeEvents).toHaveLength(1);
  });
});

describe("ORG-TREE production token verification", () => {
  it("verifies RS256 tokens with a public key, and JWKS key sets, and refuses other keys", async () => {
    const { createUserTokenVerifier } = await import("@chapters/core");
    const { exportJWK, exportSPKI, generateKeyPair } = await import("jose");
    const mine = await generateKeyPair("RS256");
    const other = await generateKeyPair("RS256");
    const sign = (key: Parameters<SignJWT["sign"]>[0], kid?: string) =>
      new SignJWT({ chapter: "HP", role: "VIEWER" }).setProtectedHeader({ alg: "RS256", ...(kid ? { kid } : {}) }).setSubject("viewer-1").setExpirationTime("5m").sign(key);

    const byPem = createUserTokenVerifier({ publicKeyPem: await exportSPKI(mine.publicKey) });
    expect(await byPem(await sign(mine.privateKey))).toMatchObject({ chapterCode: "HP", role: "VIEWER" });
    await expect(byPem(await sign(other.privateKey))).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });

    const jwk = { ...(await exportJWK(mine.publicKey)), kid: "k1", alg: "RS256" };
    const byJwks = createUserTokenVerifier({ jwks: { keys: [jwk] } });
    expect(await byJwks(await sign(mine.privateKey, "k1"))).toMatchObject({ chapterCode: "HP" });
    await expect(byJwks(await sign(other.privateKey, "k1"))).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });
});
