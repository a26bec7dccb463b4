import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { checkOutputUrl, OutputUrlRefusedError } from "../../lib/http/check-output-url";
import { OUTPUT_HOSTS, outputUrlPolicy, TEST_ORIGINS_ENV, type OutputUrlPolicy } from "../../lib/http/output-url-policy";
import { diagnoseEnvironment, hasErrors } from "../../lib/operations/diagnose-environment";
import { logger } from "../../lib/log/logger";

const fal: OutputUrlPolicy = { hosts: ["fal.media"], testOrigins: [] };

function refusal(url: string, policy: OutputUrlPolicy = fal): string {
  try {
    checkOutputUrl(url, policy);
  } catch (error) {
    expect(error).toBeInstanceOf(OutputUrlRefusedError);
    return (error as Error).message;
  }
  throw new Error(`${url} was allowed`);
}

describe("the URL policy of provider outputs", () => {
  it("allows https URLs on a provider's host and its subdomains", () => {
    for (const url of ["https://fal.media/files/a.png", "https://v3.fal.media/files/a.png", "https://V3B.FAL.MEDIA/x.mp4?sig=1", "https://v3.fal.media./a.png"]) {
      expect(checkOutputUrl(url, fal).hostname).toMatch(/^(v3b?\.)?fal\.media$/);
    }
  });

  it("matches hosts on a dot boundary only", () => {
    expect(refusal("https://evilfal.media/a.png")).toMatch(/not one of the provider's/);
    expect(refusal("https://fal.media.evil.test/a.png")).toMatch(/not one of the provider's/);
    expect(refusal("https://replicate.delivery/a.png")).toMatch(/not one of the provider's/);
  });

  it("refuses http, other schemes, other ports and credentials", () => {
    expect(refusal("http://v3.fal.media/a.png")).toMatch(/http: instead of https/);
    expect(refusal("ftp://v3.fal.media/a.png")).toMatch(/ftp: instead of https/);
    expect(refusal("file:///etc/passwd")).toMatch(/file: instead of https/);
    expect(refusal("https://v3.fal.media:8443/a.png")).toMatch(/port 8443/);
    expect(refusal("https://user:pw@v3.fal.media/a.png")).toMatch(/credentials/);
    expect(refusal("not a url")).toMatch(/not a valid absolute URL/);
  });

  it("refuses addresses written as the host, in any spelling", () => {
    for (const url of ["https://127.0.0.1/a.png", "https://2130706433/a.png", "https://0x7f.1/a.png", "https://[::1]/a.png", "https://169.254.169.254/latest/meta-data/"]) {
      expect(refusal(url)).toMatch(/not one of the provider's/);
    }
  });

  it("reads each provider's hosts from its variable, with defaults from what it hands out", () => {
    expect(outputUrlPolicy("fal", {}).hosts).toEqual(["fal.media"]);
    expect(outputUrlPolicy("replicate", {}).hosts).toEqual(["replicate.delivery"]);
    expect(outputUrlPolicy("higgsfield", {}).hosts).toContain("higgsfield.ai");
    expect(outputUrlPolicy("fal", { FAL_OUTPUT_HOSTS: " cdn.example.com, *.Files.Example.NET. " }).hosts).toEqual(["cdn.example.com", "files.example.net"]);
    expect(outputUrlPolicy("fal", { FAL_OUTPUT_HOSTS: " " }).hosts).toEqual(["fal.media"]);
    // The demo provider hands over bytes: no URL of it is ever fetched.
    expect(outputUrlPolicy("demo", {}).hosts).toEqual([]);
    expect(refusal("https://fal.media/a.png", outputUrlPolicy("demo", {}))).toMatch(/\(none\)/);
  });

  it("lets the test setting open exactly the origins it names", () => {
    const policy = outputUrlPolicy("fal", { UNSAFE_OUTPUT_FETCH_TEST_ORIGINS: "http://127.0.0.1:4010, nonsense" });
    expect(policy.testOrigins).toEqual(["http://127.0.0.1:4010"]);
    expect(checkOutputUrl("http://127.0.0.1:4010/files/a.png", policy)).toMatchObject({ hostname: "127.0.0.1", testOrigin: true });
    expect(refusal("http://127.0.0.1:4011/files/a.png", policy)).toMatch(/http: instead of https/);
    expect(refusal("http://localhost:4010/files/a.png", policy)).toMatch(/http: instead of https/);
    expect(refusal("https://127.0.0.1:4010/files/a.png", policy)).toMatch(/port 4010/);
  });

  it("says loudly, once, that the test setting is on", () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => {});
    try {
      const env = { UNSAFE_OUTPUT_FETCH_TEST_ORIGINS: "http://127.0.0.1:4999" };
      outputUrlPolicy("fal", env);
      outputUrlPolicy("replicate", env);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toMatch(/WARNING: UNSAFE_OUTPUT_FETCH_TEST_ORIGINS is set.*http:\/\/127\.0\.0\.1:4999.*never set it in production/);
      outputUrlPolicy("fal", {});
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });

  it("lists every output host setting, with its default, in .env.example and the README", () => {
    const root = path.resolve(__dirname, "../..");
    const example = readFileSync(path.join(root, ".env.example"), "utf8");
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    for (const { env, defaults } of Object.values(OUTPUT_HOSTS)) {
      expect(example).toContain(`\n${env}=${defaults.join(",")}\n`);
      expect(readme).toContain(`\`${env}\``);
    }
    expect(example).toContain(`\n${TEST_ORIGINS_ENV}=\n`);
    expect(readme).toContain(`\`${TEST_ORIGINS_ENV}\``);
  });
});

describe("the deployment report on output fetching", () => {
  const outputsArea = (env: Record<string, string | undefined>) => diagnoseEnvironment(env).find((a) => a.area === "outputs")!;

  it("names the output host settings in use and finds nothing wrong with them", () => {
    expect(outputsArea({ NODE_ENV: "production" })).toEqual({ area: "outputs", mode: "https from each provider's own hosts (defaults)", findings: [] });
    expect(outputsArea({ NODE_ENV: "production", FAL_OUTPUT_HOSTS: "cdn.example.com" }).mode).toMatch(/\(FAL_OUTPUT_HOSTS\)/);
  });

  it("fails a production deployment with the test setting on, without repeating its value", () => {
    const env = { NODE_ENV: "production", UNSAFE_OUTPUT_FETCH_TEST_ORIGINS: "http://10.1.2.3:8080" };
    const area = outputsArea(env);
    expect(area.findings).toEqual([{ level: "error", text: expect.stringMatching(/UNSAFE_OUTPUT_FETCH_TEST_ORIGINS is set.*test suite's fakes only/) }]);
    expect(JSON.stringify(area)).not.toContain("10.1.2.3");
    expect(hasErrors(diagnoseEnvironment(env))).toBe(true);
    expect(outputsArea({ ...env, NODE_ENV: "development" }).findings[0].level).toBe("warn");
  });
});
