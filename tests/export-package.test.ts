// Where the exported program gets this package from: the place the running copy came from, as npm
// recorded it (provider/export/package-spec.ts). Each install layout is laid out on disk as npm
// leaves it; the e2e test (tests/e2e/export.e2e.test.ts) installs a packed tarball with npm itself.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ownManifest, ownPackageRoot, packageSource, programTools, specFromResolved } from "../provider/commands/export/package-spec";

const scratches: string[] = [];
const scratch = () => {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), "aep-package-spec-")));
  scratches.push(dir);
  return dir;
};
afterAll(() => scratches.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of this package (its package.json only) at `dir`, with `extra` manifest fields. */
function copyAt(dir: string, extra: Record<string, unknown> = {}): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "pulumi-aep-dataflows", version: "0.3.1", ...extra }));
  return dir;
}

/** A lockfile at `file` recording the copy under `key` as resolved from `resolved`. */
function lock(file: string, key: string, resolved: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ lockfileVersion: 3, packages: { "": {}, [key]: { version: "0.3.1", resolved } } }));
}

const REGISTRY = "https://registry.example.test/pulumi-aep-dataflows/-/pulumi-aep-dataflows-0.3.1.tgz";

describe("the package spec of the running copy", () => {
  it("a checkout (this one): file:<its folder>", () => {
    const root = ownPackageRoot();
    expect(root).toBe(path.resolve(__dirname, ".."));
    expect(packageSource(root)).toEqual({ spec: `file:${realpathSync(root)}`, from: `the folder ${realpathSync(root)}` });
  });

  it("a folder npm linked into a project (`npm install ../checkout`): file:<the folder>, through the link", () => {
    const dir = scratch();
    const checkout = copyAt(path.join(dir, "checkout"));
    mkdirSync(path.join(dir, "project", "node_modules"), { recursive: true });
    symlinkSync(checkout, path.join(dir, "project", "node_modules", "pulumi-aep-dataflows"));
    expect(packageSource(path.join(dir, "project", "node_modules", "pulumi-aep-dataflows")).spec).toBe(`file:${checkout}`);
  });

  it("a tarball install (`npm install ../pkgs/pulumi-aep-dataflows-0.3.1.tgz`): file:<the same tarball>, from npm's hidden lockfile", () => {
    const dir = scratch();
    const copy = copyAt(path.join(dir, "project", "node_modules", "pulumi-aep-dataflows"));
    // npm writes the path relative to the installing project.
    lock(
      path.join(dir, "project", "node_modules", ".package-lock.json"),
      "node_modules/pulumi-aep-dataflows",
      "file:../pkgs/pulumi-aep-dataflows-0.3.1.tgz",
    );
    const tarball = path.join(dir, "pkgs", "pulumi-aep-dataflows-0.3.1.tgz");
    expect(packageSource(copy)).toEqual({ spec: `file:${tarball}`, from: `installed from ${tarball}` });
  });

  it("a registry install, here through npx's cache folder and its package-lock.json: ^<version>", () => {
    const dir = scratch();
    const project = path.join(dir, "_npx", "3c5e9f");
    const copy = copyAt(path.join(project, "node_modules", "pulumi-aep-dataflows"));
    lock(path.join(project, "package-lock.json"), "node_modules/pulumi-aep-dataflows", REGISTRY);
    expect(packageSource(copy)).toEqual({ spec: "^0.3.1", from: "installed from a registry" });
  });

  it("a copy nested under another package: the project's entry for that path", () => {
    const dir = scratch();
    const copy = copyAt(path.join(dir, "node_modules", "tool", "node_modules", "pulumi-aep-dataflows"));
    lock(
      path.join(dir, "package-lock.json"),
      "node_modules/tool/node_modules/pulumi-aep-dataflows",
      "file:vendor/pulumi-aep-dataflows-0.3.1.tgz",
    );
    expect(packageSource(copy).spec).toBe(`file:${path.join(dir, "vendor", "pulumi-aep-dataflows-0.3.1.tgz")}`);
  });

  it("a git install: its resolved URL, commit included", () => {
    const dir = scratch();
    const copy = copyAt(path.join(dir, "node_modules", "pulumi-aep-dataflows"));
    const git = "git+ssh://git@git.example.test/acme/pulumi-aep-dataflows.git#0123456789abcdef0123456789abcdef01234567";
    lock(path.join(dir, "package-lock.json"), "node_modules/pulumi-aep-dataflows", git);
    expect(packageSource(copy)).toEqual({ spec: git, from: `installed from ${git}` });
  });

  it("no lockfile: the manifest's _resolved (npm 6), else ^<version>, saying it was assumed", () => {
    const dir = scratch();
    const old = copyAt(path.join(dir, "a", "node_modules", "pulumi-aep-dataflows"), {
      _resolved: "file:/srv/pkgs/pulumi-aep-dataflows-0.3.1.tgz",
    });
    expect(packageSource(old).spec).toBe("file:/srv/pkgs/pulumi-aep-dataflows-0.3.1.tgz");
    const bare = copyAt(path.join(dir, "b", "node_modules", "pulumi-aep-dataflows"));
    expect(packageSource(bare)).toEqual({ spec: "^0.3.1", from: "no record of where it was installed from: assumed a registry" });
  });

  it("a tarball served from elsewhere is named by its URL; a registry's tarball path by version", () => {
    expect(specFromResolved("https://example.test/builds/pulumi-aep-dataflows.tgz", "/p", "0.3.1").spec).toBe(
      "https://example.test/builds/pulumi-aep-dataflows.tgz",
    );
    expect(
      specFromResolved("https://npm.acme.test/pulumi-aep-dataflows/-/pulumi-aep-dataflows-0.3.1-rc.1.tgz", "/p", "0.3.1-rc.1").spec,
    ).toBe("^0.3.1-rc.1");
  });
});

describe("the tools the program pins", () => {
  it("are the Pulumi SDK and TypeScript this package is built with (its own devDependencies)", () => {
    const own = ownManifest();
    expect(programTools(own)).toEqual({ pulumi: own.devDependencies!["@pulumi/pulumi"], typescript: own.devDependencies!.typescript });
    expect(programTools(own).pulumi).toMatch(/^3\.248\./);
  });

  it("a manifest without one is an error naming the key", () => {
    expect(() => programTools({ name: "pulumi-aep-dataflows", version: "0.3.1", devDependencies: { typescript: "5.9.3" } })).toThrow(
      `pulumi-aep-dataflows's package.json has no devDependencies["@pulumi/pulumi"]: reinstall the package`,
    );
  });
});
