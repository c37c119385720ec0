// A secret setting set without `--secret` is named, with the command that fixes it; a secret one is not.
import * as pulumi from "@pulumi/pulumi";
import { setAllConfig } from "@pulumi/pulumi/runtime/config";
import { plainSecretSettings, warnPlainSecretSettings } from "../sdk/nodejs/plain-secrets";

describe("secret settings kept in plain text", () => {
  afterEach(() => setAllConfig({}, []));

  it("names each secret setting the stack holds in plain text, from Pulumi's own record of secret keys", () => {
    setAllConfig({ "aep:clientSecret": "s3cr3t", "aep:accessToken": "t0k3n", "aep:clientId": "id" }, ["aep:accessToken"]);
    expect(plainSecretSettings()).toEqual(["aep:clientSecret"]);
    setAllConfig({ "aep:clientSecret": "s3cr3t", "aep:clientId": "id" }, ["aep:clientSecret"]);
    expect(plainSecretSettings()).toEqual([]);
  });

  it("says nothing when Pulumi cannot say which keys are secrets", () => {
    expect(plainSecretSettings({ getConfig: () => "s3cr3t" })).toEqual([]);
  });

  it("warns once per program, naming the key and the fix, never the value", () => {
    const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
    setAllConfig({ "aep:clientSecret": "s3cr3t" }, []);
    warnPlainSecretSettings();
    warnPlainSecretSettings();
    expect(warn.mock.calls).toEqual([
      [
        "aep:clientSecret is set in plain text: Pulumi keeps it unencrypted in Pulumi.<stack>.yaml and in the stack's state (the " +
          "inputs of the provider of this package's resources). Set it as a secret: `pulumi config set --secret aep:clientSecret <value>`, then `pulumi up`.",
      ],
    ]);
    expect(JSON.stringify(warn.mock.calls)).not.toContain("s3cr3t");
  });
});
