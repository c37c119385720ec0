#!/usr/bin/env node
// @ts-check
// Pull-request guard for dataflows: runs `pulumi preview --json` and fails when the change would
// delete or replace a *published* dataflow (which stops a live ingestion), unless the pull request
// explicitly allows it (ALLOW_PUBLISHED_FLOW_REPLACEMENT=1, e.g. set from a PR label).
// Usage: node preview-guard.js --stack <stack>   (run in this directory; needs only the pulumi CLI)
"use strict";
const { spawnSync } = require("node:child_process");

const DATAFLOW = "pulumi-nodejs:dynamic/aep:Dataflow";
const DESTRUCTIVE = new Set(["replace", "create-replacement", "delete-replaced", "delete"]);

function main() {
  const stackAt = process.argv.indexOf("--stack");
  const stack = stackAt > 0 ? process.argv[stackAt + 1] : undefined;
  if (!stack) {
    console.error("usage: node preview-guard.js --stack <stack>");
    return 2;
  }
  const res = spawnSync("pulumi", ["preview", "--json", "--non-interactive", "--stack", stack], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (res.status !== 0) {
    process.stderr.write(res.stdout + res.stderr);
    console.error(`preview-guard: pulumi preview failed (exit ${res.status})`);
    return 1;
  }
  /** @type {{steps?: {op: string, urn: string, oldState?: {id?: string, outputs?: Record<string, unknown>}, replaceReasons?: string[]}[], changeSummary?: Record<string, number>}} */
  const preview = JSON.parse(res.stdout);
  const steps = (preview.steps ?? []).filter((s) => s.urn.includes(`::${DATAFLOW}::`));
  const changes = steps.filter((s) => s.op !== "same");
  console.log(`Dataflow changes in stack ${stack}: ${changes.length === 0 ? "none" : ""}`);
  for (const s of changes)
    console.log(
      `  ${s.op.padEnd(18)} ${s.urn.split("::").pop()}${s.replaceReasons?.length ? ` (replaces because of ${s.replaceReasons.join(", ")})` : ""}`,
    );
  const dangerous = new Map();
  for (const s of steps) {
    if (DESTRUCTIVE.has(s.op) && s.oldState?.outputs?.draft === false) dangerous.set(s.urn, s);
  }
  if (dangerous.size === 0) return 0;
  console.log("");
  for (const s of dangerous.values()) {
    console.log(
      `✗ ${s.urn.split("::").pop()}: published flow ${s.oldState?.id} would be ${s.op === "delete" ? "deleted" : "replaced (deleted and created again)"}`,
    );
  }
  if (process.env.ALLOW_PUBLISHED_FLOW_REPLACEMENT === "1") {
    console.log("allowed by ALLOW_PUBLISHED_FLOW_REPLACEMENT=1");
    return 0;
  }
  console.log("Refusing: this stops live ingestion. If it is intended, set ALLOW_PUBLISHED_FLOW_REPLACEMENT=1 for this run.");
  return 1;
}

process.exitCode = main();
