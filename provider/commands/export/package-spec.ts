// Where the exported program gets this package (and the tools `pulumi up` needs) from: the same
// place the running copy came from, so that `npm install` in the program's folder works on a
// machine where the package is not published to a registry (yet). npm records where it installed a
// package from in the installing project's lockfile (`packages["node_modules/<name>"].resolved`, as
// npm's package-lock.json documentation describes it); a directory it installs as a symlink, so the
// running copy's real path is then outside any node_modules folder.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import * as path from "node:path";
import type { ProgramTools } from "./render";

/** What this package's own package.json says that the exported program needs. */
export interface OwnManifest {
  name: string;
  version: string;
  devDependencies?: Record<string, string>;
  /** Where npm 6 (and some other installers) recorded the install's source. */
  _resolved?: string;
}

/** A dependency spec for this package, and why it was chosen (for the exporter's output). */
export interface PackageSource {
  spec: string;
  from: string;
}

/** One entry of a lockfile's `packages` map. */
interface LockEntry {
  resolved?: string;
  link?: boolean;
}

const REGISTRY_TARBALL = /\/-\/[^/]+-\d+\.\d+\.\d+[^/]*\.tgz$/;

/**
 * The spec that installs the same package as `resolved` (an npm lockfile's `resolved`, or a
 * manifest's `_resolved`): `^<version>` for a registry tarball, `file:<absolute path>` for a local
 * tarball or folder (`file:` paths in a lockfile are relative to `base`, the installing project),
 * else `resolved` itself (a git URL with its commit, a tarball URL). Pure.
 */
export function specFromResolved(resolved: string, base: string, version: string): PackageSource {
  if (resolved.startsWith("file:")) {
    const target = path.resolve(base, resolved.slice("file:".length));
    return { spec: `file:${target}`, from: `installed from ${target}` };
  }
  if (/^https?:/.test(resolved) && REGISTRY_TARBALL.test(new URL(resolved).pathname))
    return { spec: `^${version}`, from: "installed from a registry" };
  return { spec: resolved, from: `installed from ${resolved}` };
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/**
 * The installing project's record of the copy at `real`: the first lockfile above it (npm's hidden
 * node_modules/.package-lock.json, then package-lock.json, then npm-shrinkwrap.json) with an entry
 * for it, with that project's folder.
 */
function lockRecord(real: string): { entry: LockEntry; base: string } | undefined {
  for (let dir = path.dirname(real); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const key = path.relative(dir, real).split(path.sep).join("/");
    for (const file of [
      path.join(dir, "node_modules", ".package-lock.json"),
      path.join(dir, "package-lock.json"),
      path.join(dir, "npm-shrinkwrap.json"),
    ]) {
      if (!existsSync(file)) continue;
      const entry = readJson<{ packages?: Record<string, LockEntry> }>(file)?.packages?.[key];
      if (entry) return { entry, base: dir };
    }
  }
  return undefined;
}

/**
 * How a program should depend on the copy of this package whose package.json is in `packageRoot`:
 * - a checkout, or a folder npm linked (its real path is in no node_modules folder): `file:<that folder>`;
 * - an installed copy: where its installing project's lockfile (or its own `_resolved`) says it came
 *   from: `^<version>` from a registry, `file:<path>` of the same tarball or folder, a git URL as is;
 * - an installed copy without a record (another installer): `^<version>`.
 * Reads the files named; throws only when `packageRoot` holds no readable package.json.
 */
export function packageSource(packageRoot: string): PackageSource {
  const real = realpathSync(packageRoot);
  const manifest = readJson<OwnManifest>(path.join(real, "package.json"));
  if (!manifest) throw new Error(`cannot read ${path.join(real, "package.json")}: reinstall pulumi-aep-dataflows`);
  if (!real.split(path.sep).includes("node_modules")) return { spec: `file:${real}`, from: `the folder ${real}` };
  const record = lockRecord(real);
  if (record?.entry.resolved) return specFromResolved(record.entry.resolved, record.base, manifest.version);
  if (manifest._resolved) return specFromResolved(manifest._resolved, real, manifest.version);
  return { spec: `^${manifest.version}`, from: "no record of where it was installed from: assumed a registry" };
}

/** The folder holding the package.json of the copy of this package that is running. */
export function ownPackageRoot(start: string = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = readJson<OwnManifest>(path.join(dir, "package.json"));
    if (manifest?.name === "pulumi-aep-dataflows") return dir;
    if (dir === path.dirname(dir)) throw new Error(`cannot find pulumi-aep-dataflows's package.json above ${start}`);
  }
}

/** The running copy's manifest. */
export function ownManifest(packageRoot: string = ownPackageRoot()): OwnManifest {
  return readJson<OwnManifest>(path.join(packageRoot, "package.json"))!;
}

/**
 * The Pulumi SDK and TypeScript versions this copy of the package was built and tested with (its
 * own devDependencies), which the program pins. Throws, naming the key, if the manifest lacks one.
 */
export function programTools(manifest: OwnManifest): ProgramTools {
  const version = (name: string) => {
    const v = manifest.devDependencies?.[name];
    if (!v) throw new Error(`pulumi-aep-dataflows's package.json has no devDependencies["${name}"]: reinstall the package`);
    return v;
  };
  return { pulumi: version("@pulumi/pulumi"), typescript: version("typescript") };
}
