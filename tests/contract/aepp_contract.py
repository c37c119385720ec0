#!/usr/bin/env python3
"""Contract test: Adobe's own Python client, aepp, against the local Flow Service emulator.

aepp (PyPI `aepp`, source github.com/adobe/aepp) is driven unchanged; only its host settings are
pointed at the emulator. It first makes the pipeline the flows run on (a base connection, source and
target connections, a Data Prep mapping set: the emulator refuses a flow whose connections or mapping
set do not exist), then drives flows on it, and at the end deletes the flows and connections in
Adobe's order (Data Prep documents no DELETE for mapping sets, so the mapping set stays). aepp hides most HTTP errors as empty results ({} or []), so every check
asserts on what the emulator *received*: its journal (GET <url>/__emulator/journal), compared as
exact (method, path, query, status) sequences per step. What the emulator *answered* is captured
client-side with a response hook on aepp's requests session and printed when a check fails.

Usage (the emulator must be running; `npm run build` first):
    node dist/emulator/cli.js --port 4555 &
    bash scripts/contract/setup-aepp.sh            # venv in .tools/aepp-venv with the pinned aepp
    .tools/aepp-venv/bin/python tests/contract/aepp_contract.py http://127.0.0.1:4555
or all in one (venv, an emulator on a free port, the test, the emulator stopped):
    bash scripts/contract/run-aepp-contract.sh

The URL may also come from AEP_EMULATOR_URL. Credentials default to the emulator's built-in client
(override with AEP_EMULATOR_CLIENT_ID / AEP_EMULATOR_CLIENT_SECRET / AEP_EMULATOR_ORG_ID).
Prints one PASS/FAIL line per check, then 'N passed, N failed'; exits 1 if any check failed.
Use a dedicated emulator: requests from other clients during the run would be journaled too.
Only the standard library and aepp (with its own dependency, requests) are used.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any, Callable

PINNED_AEPP = "0.6.0"  # keep in step with scripts/contract/setup-aepp.sh
FLOW_SPEC_ID = "9753525b-82c7-4dce-8a9b-5ccfce2b9876"  # CloudStorageToAEP in Adobe's docs
FLOW_SPEC_NAME = "CloudStorageToAEP"
AMAZON_S3 = "ecadc60c-7455-4d87-84dc-2a0e293d997b"  # the Amazon S3 connection spec (Adobe's S3 tutorial)
DATA_LAKE = "c604ff05-7f1a-43c0-8e18-33bf874cb11c"  # the data lake target connection spec (cloud storage tutorial)
# The emulator's fixtures (emulator/fixtures.ts): the Orders dataset and its schema, in every sandbox.
ORDERS_DATASET = "5f3c3cedb2805c194ff0b69a"
ORDERS_SCHEMA = "https://ns.adobe.com/emulator/schemas/5d9f1c2a7b3e4f60a1b2c3d4e5f60718"
XED_FULL = "application/vnd.adobe.xed-full+json;version=1"
PAGING_FLOWS = 25  # more than the emulator's default page size (20)
PAGE_LIMIT = 5
DEFAULT_URL = "http://127.0.0.1:4555"
DEFAULTS = {
    "client_id": "emulator-client",
    "secret": "emulator-secret",
    "org_id": "EMULATOR0000000000000000@AdobeOrg",
    "scopes": "openid,AdobeID,read_organizations,additional_info.projectedProductContext,session",
}


class Any_:
    """Matches any present value in an expected journal query."""

    def __init__(self, label: str = "<any>") -> None:
        self.label = label

    def __repr__(self) -> str:
        return self.label


ANY = Any_()


# ---------------------------------------------------------------------------------------------
# The emulator's control plane (never journaled)


class Emulator:
    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.cursor = 0

    def _call(self, method: str, path: str) -> Any:
        req = urllib.request.Request(self.url + path, method=method)
        with urllib.request.urlopen(req, timeout=15) as res:
            data = res.read()
        return json.loads(data) if data else None

    def journal(self) -> list[dict]:
        return self._call("GET", "/__emulator/journal")

    def reset(self) -> None:
        self._call("POST", "/__emulator/reset")

    def mark(self) -> None:
        """Moves the cursor past everything journaled so far (sequence numbers only grow)."""
        self.cursor = max([e["seq"] for e in self.journal()] + [self.cursor])

    def take(self) -> list[dict]:
        """Entries journaled since the cursor, in order; moves the cursor past them."""
        entries = [e for e in self.journal() if e["seq"] > self.cursor]
        if entries:
            self.cursor = entries[-1]["seq"]
        return entries


# ---------------------------------------------------------------------------------------------
# Reporting


class Report:
    def __init__(self) -> None:
        self.passed = 0
        self.failed: list[str] = []

    def check(self, cid: str, title: str, ok: bool, detail: str = "") -> bool:
        if ok:
            self.passed += 1
            print(f"PASS {cid}: {title}", flush=True)
        else:
            self.failed.append(cid)
            print(f"FAIL {cid}: {title}", flush=True)
            if detail:
                print("     " + detail.strip().replace("\n", "\n     "), flush=True)
        return ok



def same_flows(got: "list[str] | None", ids: "list[str]") -> bool:
    """Every flow, once each. The order without `orderby` is the service's (newest first, the destinations spec says;
    the emulator's `listOrder` switch), which no client should depend on."""
    return got is not None and len(got) == len(ids) and sorted(got) == sorted(ids)

def short(value: Any, limit: int = 400) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=repr)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def fmt_entry(e: dict) -> str:
    extra = f" If-Match={e['headers'].get('ifMatch')}" if e.get("headers", {}).get("ifMatch") else ""
    return f"{e['method']} {e['path']} {json.dumps(e.get('query') or {}, sort_keys=True)}{extra} -> {e.get('status')}"


def fmt_expected(x: dict) -> str:
    q = {k: (repr(v) if isinstance(v, Any_) else v) for k, v in (x.get("query") or {}).items()}
    extra = f" If-Match={x['ifMatch']}" if "ifMatch" in x else ""
    return f"{x['method']} {x['path']} {json.dumps(q, sort_keys=True)}{extra} -> {x['status']}"


def fmt_wire(w: dict) -> str:
    return f"{w['method']} {w['url']}\n  <- {w['status']} {short(w['body'])}"


def entry_matches(actual: dict, expected: dict) -> bool:
    if actual["method"] != expected["method"] or actual["path"] != expected["path"]:
        return False
    if actual.get("status") != expected["status"]:
        return False
    if "ifMatch" in expected and actual.get("headers", {}).get("ifMatch") != expected["ifMatch"]:
        return False
    aq, xq = actual.get("query") or {}, expected.get("query") or {}
    if set(aq) != set(xq):
        return False
    return all(isinstance(v, Any_) or aq[k] == v for k, v in xq.items())


class Step:
    """One aepp call (or a few), with what the emulator journaled and answered meanwhile."""

    def __init__(self, label: str, result: Any, error: BaseException | None, entries: list[dict], wire: list[dict], out: str):
        self.label = label
        self.result = result
        self.error = error
        self.ims = [e for e in entries if e.get("service") == "ims"]
        self.entries = [e for e in entries if e.get("service") != "ims"]  # the Flow Service ones
        self.wire = wire
        self.out = out

    def journal_lines(self) -> str:
        return "journal (what the emulator received):\n" + "\n".join(["  " + fmt_entry(e) for e in self.entries] or ["  (nothing journaled)"])

    def describe(self) -> str:
        lines = [f"aepp call: {self.label}"]
        if self.error is not None:
            lines.append(f"aepp raised: {type(self.error).__name__}: {self.error}")
        else:
            lines.append(f"aepp returned: {short(self.result, 300)}")
        lines.append("journal (what the emulator received):")
        lines += ["  " + fmt_entry(e) for e in self.entries] or ["  (nothing journaled)"]
        lines.append("wire (what aepp sent and the emulator answered):")
        lines += ["  " + fmt_wire(w).replace("\n", "\n  ") for w in self.wire] or ["  (no request)"]
        if self.out.strip():
            lines.append("aepp printed: " + short(self.out.strip().replace("\n", " | "), 300))
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# aepp, pointed at the emulator


def configure_aepp(url: str, sandbox: str):
    """Configures aepp as a user would, then repoints its IMS and platform hosts at `url`.

    aepp.configure() hard-codes https://platform.adobe.io and https://ims-na1.adobelogin.com
    (environment "prod"); the overrides below are the only changes made to aepp's behaviour.
    FlowService reads aepp.config.endpoints["global"] when it is constructed, and its connector
    copies aepp.config.config_object (token endpoints included) at the same time, so both must be
    overridden before FlowService() is built.
    """
    try:
        import aepp
        from aepp import dataprep, flowservice
    except ImportError as err:
        sys.exit(f"aepp is not importable ({err}); run scripts/contract/setup-aepp.sh and use its venv's python")
    creds = {
        "client_id": os.environ.get("AEP_EMULATOR_CLIENT_ID", DEFAULTS["client_id"]),
        "secret": os.environ.get("AEP_EMULATOR_CLIENT_SECRET", DEFAULTS["secret"]),
        "org_id": os.environ.get("AEP_EMULATOR_ORG_ID", DEFAULTS["org_id"]),
        "scopes": DEFAULTS["scopes"],
    }
    aepp.configure(sandbox=sandbox, environment="prod", **creds)
    aepp.config.endpoints["global"] = url
    aepp.config.endpoints["streaming"]["inlet"] = f"{url}/data/core/edge"
    aepp.config.config_object["imsEndpoint"] = url
    aepp.config.config_object["oauthTokenEndpointV1"] = f"{url}/ims/token/v1"
    aepp.config.config_object["oauthTokenEndpointV2"] = f"{url}/ims/token/v3"
    return aepp, flowservice, dataprep, creds


def aepp_version() -> str:
    try:
        from importlib.metadata import version

        return version("aepp")
    except Exception:  # pragma: no cover - only without package metadata
        return "unknown"


# ---------------------------------------------------------------------------------------------
# The scenario


def run(url: str, sandbox: str, reset: bool, keep: bool) -> int:
    emu = Emulator(url)
    report = Report()
    try:
        if reset:
            emu.reset()
        emu.mark()
        first_seq = emu.cursor
    except (urllib.error.URLError, OSError) as err:
        print(f"FAIL setup: emulator control plane at {url}/__emulator/journal unreachable: {err}")
        print("0 passed, 1 failed")
        return 1

    version = aepp_version()
    print(f"aepp {version} (pinned {PINNED_AEPP}) against {url}, sandbox {sandbox}")
    if version != PINNED_AEPP:
        print(f"NOTE: the expectations below were written against aepp {PINNED_AEPP}")

    wire: list[dict] = []

    def hook(resp, *args, **kwargs):
        try:
            body = resp.json()
        except Exception:
            body = resp.text
        wire.append({"method": resp.request.method, "url": resp.request.url, "status": resp.status_code, "body": body})

    def step(label: str, fn: Callable[[], Any]) -> Step:
        start = len(wire)
        buf = io.StringIO()
        result, error = None, None
        with contextlib.redirect_stdout(buf):
            try:
                result = fn()
            except Exception as err:  # aepp raises KeyError & co. on shapes it does not expect
                error = err
        return Step(label, result, error, emu.take(), wire[start:], buf.getvalue())

    def exact(
        cid: str,
        title: str,
        s: Step,
        expected: list[dict],
        extra_ok: bool = True,
        extra_detail: str = "",
        brief: bool = False,
        journal_only: bool = False,
    ) -> bool:
        """Journal of step `s` is exactly `expected`, `extra_ok` holds and (unless journal_only) aepp raised nothing."""
        ok = len(s.entries) == len(expected) and all(entry_matches(a, x) for a, x in zip(s.entries, expected))
        ok = ok and extra_ok and (journal_only or s.error is None)
        detail = ""
        if not ok:
            detail = "expected journal:\n" + "\n".join("  " + fmt_expected(x) for x in expected) + "\n"
            detail += s.journal_lines() if brief else s.describe()
            if extra_detail:
                detail += "\n" + extra_detail
        return report.check(cid, title, ok, detail)

    run_tag = f"aepp-contract-{uuid.uuid4().hex[:12]}"
    flow_spec = {"id": FLOW_SPEC_ID, "version": "1.0"}

    # The pipeline the flows run on, made with aepp below (the service checks that a flow's
    # connections and mapping set exist, as Adobe's error catalogue's 1412/1425 and the draft
    # tutorial's publish order imply).
    pipeline: dict[str, str] = {}

    def flow_body(name: str, description: str = run_tag) -> dict:
        # A published cloud storage flow needs a schedule and a Mapping (the sources tutorials' prose;
        # the emulator checks it against the flow spec), as Adobe's own create example sends them.
        return {
            "name": name,
            "description": description,
            "flowSpec": dict(flow_spec),
            "sourceConnectionIds": [pipeline["source"]],
            "targetConnectionIds": [pipeline["target"]],
            "transformations": [{"name": "Mapping", "params": {"mappingId": pipeline["mapping"], "mappingVersion": 0}}],
            "scheduleParams": {"startTime": str(int(time.time()) + 86_400), "frequency": "hour", "interval": "1"},
        }

    created: list[str] = []  # every flow this run created, for cleanup
    connections: list[tuple[str, str]] = []  # (kind, id) of every connection this run created, in creation order

    # --- IMS: FlowService() fetches a token (client credentials) when it is built ----------------
    aepp, flowservice, dataprep, creds = configure_aepp(url, sandbox)
    s = step("flowservice.FlowService()", lambda: flowservice.FlowService())
    fs = s.result
    ims_ok = (
        fs is not None
        and len(s.ims) == 1
        and s.ims[0]["method"] == "POST"
        and s.ims[0]["path"] == "/ims/token/v3"
        and s.ims[0].get("status") == 200
        and s.ims[0].get("body") == {
            "grant_type": "client_credentials",
            "client_id": creds["client_id"],
            "client_secret": "<redacted>",
            "scope": creds["scopes"],
        }
        and bool(getattr(fs.connector, "token", None))
    )
    report.check(
        "ims.token",
        "FlowService() gets a token: one POST /ims/token/v3 (client_credentials form) -> 200",
        ims_ok,
        "IMS journal: " + short([{k: e.get(k) for k in ("method", "path", "body", "status")} for e in s.ims]) + "\n" + s.describe(),
    )
    if fs is None:
        print(f"{report.passed} passed, {len(report.failed) + 1} failed")
        return 1
    fs.connector.session.hooks["response"].append(hook)
    endpoint = fs.endpoint  # <url>/data/foundation/flowservice

    try:
        # --- the pipeline: base, source and target connections, a mapping set --------------------
        base_body = {
            "name": f"{run_tag}-s3",
            "auth": {"specName": "Access Key", "params": {"s3AccessKey": "AKIACONTRACTFAKE", "s3SecretKey": "contract-fake-secret"}},
            "connectionSpec": {"id": AMAZON_S3, "version": "1.0"},
        }
        s = step("fs.createConnection(data=...)", lambda: fs.createConnection(data=base_body))
        base_id = s.result.get("id") if isinstance(s.result, dict) else None
        if base_id:
            connections.append(("base", base_id))
        exact(
            "connections.create",
            "createConnection(data=...): POST /connections -> 201 with id+etag",
            s,
            [{"method": "POST", "path": "/connections", "query": {}, "status": 201}],
            extra_ok=bool(base_id) and bool(s.result.get("etag")),
        )
        if not base_id:
            raise RuntimeError("base connection creation failed; the rest of the scenario depends on it")
        s = step(f"fs.getConnection({base_id!r})", lambda: fs.getConnection(base_id))
        got = s.result if isinstance(s.result, dict) else {}
        secret_shown = ((got.get("auth") or {}).get("params") or {}).get("s3SecretKey")
        exact(
            "connections.get",
            "getConnection(id): GET /connections/{id} -> 200; aepp unwraps items[0] (name, state enabled, spec); the secret is not shown as sent",
            s,
            [{"method": "GET", "path": f"/connections/{base_id}", "query": {}, "status": 200}],
            extra_ok=got.get("id") == base_id
            and got.get("name") == base_body["name"]
            and got.get("state") == "enabled"
            and got.get("connectionSpec") == base_body["connectionSpec"]
            and secret_shown != "contract-fake-secret",
        )

        source_body = {
            "name": f"{run_tag}-files",
            "baseConnectionId": base_id,
            "data": {"format": "delimited"},
            "params": {"path": f"/{run_tag}/in/*.csv", "type": "folder"},
            "connectionSpec": {"id": AMAZON_S3, "version": "1.0"},
        }
        s = step("fs.createSourceConnection(data=...)", lambda: fs.createSourceConnection(source_body))
        pipeline["source"] = s.result.get("id") if isinstance(s.result, dict) else None
        if pipeline["source"]:
            connections.append(("source", pipeline["source"]))
        exact(
            "sourceConnections.create",
            "createSourceConnection(data): POST /sourceConnections -> 201 with id+etag, body as sent",
            s,
            [{"method": "POST", "path": "/sourceConnections", "query": {}, "status": 201}],
            extra_ok=bool(pipeline["source"]) and bool(s.entries) and s.entries[0].get("body") == source_body,
        )
        s = step("fs.getSourceConnection(id)", lambda: fs.getSourceConnection(pipeline["source"]))
        got = s.result if isinstance(s.result, dict) else {}
        exact(
            "sourceConnections.get",
            "getSourceConnection(id): GET /sourceConnections/{id} -> 200; aepp unwraps items[0] (baseConnectionId, state enabled)",
            s,
            [{"method": "GET", "path": f"/sourceConnections/{pipeline['source']}", "query": {}, "status": 200}],
            extra_ok=got.get("id") == pipeline["source"] and got.get("baseConnectionId") == base_id and got.get("state") == "enabled",
        )

        # aepp's parameter form builds the body itself: data.format "parquet_xdm", no schema.
        s = step(
            "fs.createTargetConnection(name=..., connectionSpecId=DATA_LAKE, datasetId=...)",
            lambda: fs.createTargetConnection(name=f"{run_tag}-dataset", connectionSpecId=DATA_LAKE, datasetId=ORDERS_DATASET),
        )
        pipeline["target"] = s.result.get("id") if isinstance(s.result, dict) else None
        if pipeline["target"]:
            connections.append(("target", pipeline["target"]))
        exact(
            "targetConnections.create.aepp-body",
            "createTargetConnection(name=, connectionSpecId=, datasetId=): aepp-built body as expected -> 201 with id+etag",
            s,
            [{"method": "POST", "path": "/targetConnections", "query": {}, "status": 201}],
            extra_ok=bool(pipeline["target"])
            and bool(s.entries)
            and s.entries[0].get("body")
            == {
                "name": f"{run_tag}-dataset",
                "description": "",
                "connectionSpec": {"id": DATA_LAKE, "version": "1.0"},
                "data": {"format": "parquet_xdm"},
                "params": {"dataSetId": ORDERS_DATASET},
            },
        )
        s = step("fs.getTargetConnection(id)", lambda: fs.getTargetConnection(pipeline["target"]))
        got = s.result if isinstance(s.result, dict) else {}
        exact(
            "targetConnections.get",
            "getTargetConnection(id): GET /targetConnections/{id} -> 200; aepp unwraps items[0] (dataSetId, state enabled)",
            s,
            [{"method": "GET", "path": f"/targetConnections/{pipeline['target']}", "query": {}, "status": 200}],
            extra_ok=got.get("id") == pipeline["target"]
            and (got.get("params") or {}).get("dataSetId") == ORDERS_DATASET
            and got.get("state") == "enabled",
        )

        dp = dataprep.DataPrep()
        dp.connector.session.hooks["response"].append(hook)
        rules = [{"sourceType": "ATTRIBUTE", "source": "order_id", "destination": "_id"}]
        s = step("dataprep.DataPrep().createMappingSet(schemaId=..., mappingList=...)", lambda: dp.createMappingSet(schemaId=ORDERS_SCHEMA, mappingList=rules))
        pipeline["mapping"] = s.result.get("id") if isinstance(s.result, dict) else None
        exact(
            "mappingSets.create",
            "createMappingSet(schemaId=, mappingList=): POST /mappingSets?validate=False -> 200 (not 201) with id and version 0",
            s,
            [{"method": "POST", "path": "/mappingSets", "query": {"validate": "False"}, "status": 200}],
            extra_ok=bool(pipeline["mapping"]) and s.result.get("version") == 0,
        )
        s = step("dp.getMappingSet(id)", lambda: dp.getMappingSet(pipeline["mapping"]))
        got = s.result if isinstance(s.result, dict) else {}
        exact(
            "mappingSets.get",
            "getMappingSet(id): GET /mappingSets/{id} -> 200, the bare object: the rules sent, the schema, version 0",
            s,
            [{"method": "GET", "path": f"/mappingSets/{pipeline['mapping']}", "query": {}, "status": 200}],
            extra_ok=got.get("id") == pipeline["mapping"]
            and got.get("version") == 0
            and ((got.get("outputSchema") or {}).get("schemaRef") or {}).get("id") == ORDERS_SCHEMA
            and [(m.get("source"), m.get("destination")) for m in got.get("mappings") or []] == [("order_id", "_id")],
        )
        if not all(pipeline.get(k) for k in ("source", "target", "mapping")):
            raise RuntimeError("the pipeline could not be made; the flows depend on it")

        # --- create: aepp's obj form, 25 times (enough to page) ----------------------------------
        bodies = [flow_body(f"{run_tag}-{i:02d}") for i in range(PAGING_FLOWS)]
        s = step(f"{PAGING_FLOWS} x fs.createFlow(FLOW_SPEC_ID, obj=...)", lambda: [fs.createFlow(FLOW_SPEC_ID, obj=b) for b in bodies])
        results = s.result or []
        ids = [r.get("id") for r in results if isinstance(r, dict)]
        created += [i for i in ids if i]
        etags = {r.get("id"): r.get("etag") for r in results if isinstance(r, dict)}
        bodies_ok = [e.get("body") for e in s.entries] == bodies
        exact(
            "flows.create",
            f"createFlow(obj=...) x{PAGING_FLOWS}: POST /flows -> 201 each, body as sent, id+etag returned",
            s,
            [{"method": "POST", "path": "/flows", "query": {}, "status": 201}] * PAGING_FLOWS,
            extra_ok=bodies_ok and len(ids) == PAGING_FLOWS and all(ids) and all(etags.values()),
            extra_detail="" if bodies_ok else "journaled bodies differ from the bodies aepp was given",
        )
        if len(ids) != PAGING_FLOWS or not all(ids):
            raise RuntimeError("flow creation failed; the rest of the scenario depends on it")
        first, second = ids[0], ids[1]

        # --- create: aepp's parameter form (it builds the body itself) ---------------------------
        start_time = str(int(time.time()) + 86_400)
        src, tgt = pipeline["source"], pipeline["target"]
        s = step(
            "fs.createFlow(FLOW_SPEC_ID, name=..., source_connection_id=..., target_connection_id=..., schedule_start_time=..., output_folder_name=None)",
            lambda: fs.createFlow(
                FLOW_SPEC_ID,
                name=f"{run_tag}-params",
                source_connection_id=src,
                target_connection_id=tgt,
                schedule_start_time=start_time,
                output_folder_name=None,
            ),
        )
        if isinstance(s.result, dict) and s.result.get("id"):
            created.append(s.result["id"])
        expected_body = {
            "name": f"{run_tag}-params",
            "flowSpec": flow_spec,
            "sourceConnectionIds": [src],
            "targetConnectionIds": [tgt],
            "transformations": [],
            "scheduleParams": {"frequency": "minute", "interval": "15", "startTime": start_time},
        }
        exact(
            "flows.create.aepp-body",
            "createFlow(name=, source_connection_id=, ..., schedule_start_time=): aepp-built body as expected -> 201 with id+etag",
            s,
            # aepp builds a published flow with no transformation. Adobe's API spec requires none (only the
            # tutorials' prose asks a published flow for a Mapping), so the emulator takes it by default
            # (behaviour publishCompleteness: accept; `refuse` would answer 400).
            [{"method": "POST", "path": "/flows", "query": {}, "status": 201}],
            extra_ok=bool(s.entries) and s.entries[0].get("body") == expected_body and bool((s.result or {}).get("etag")),
        )

        # --- draft: FlowService has no mode=draft; aepp's generic connector.postData does --------
        draft_body = flow_body(f"{run_tag}-draft", description=f"{run_tag}-draft")
        s = step(
            'fs.connector.postData(fs.endpoint + "/flows", params={"mode": "draft"}, data=...)',
            lambda: fs.connector.postData(endpoint + "/flows", params={"mode": "draft"}, data=draft_body),
        )
        draft_id = s.result.get("id") if isinstance(s.result, dict) else None
        if draft_id:
            created.append(draft_id)
        exact(
            "flows.create.draft",
            "POST /flows?mode=draft through aepp's connector -> 201 with id+etag",
            s,
            [{"method": "POST", "path": "/flows", "query": {"mode": "draft"}, "status": 201}],
            extra_ok=bool(draft_id) and bool(s.result.get("etag")),
        )

        # --- get --------------------------------------------------------------------------------
        s = step(f"fs.getFlow({first!r})", lambda: fs.getFlow(first))
        flow = s.result if isinstance(s.result, dict) else {}
        exact(
            "flows.get",
            "getFlow(id): GET /flows/{id} -> 200; aepp unwraps items[0] (id, name, etag, state enabled)",
            s,
            [{"method": "GET", "path": f"/flows/{first}", "query": {}, "status": 200}],
            extra_ok=flow.get("id") == first
            and flow.get("name") == bodies[0]["name"]
            and flow.get("etag") == etags[first]
            and flow.get("state") == "enabled"
            and flow.get("flowSpec") == flow_spec,
        )
        if draft_id:
            s = step(f"fs.getFlow({draft_id!r})", lambda: fs.getFlow(draft_id))
            exact(
                "flows.get.draft",
                "getFlow(draft id): GET /flows/{id} -> 200 with state draft",
                s,
                [{"method": "GET", "path": f"/flows/{draft_id}", "query": {}, "status": 200}],
                extra_ok=isinstance(s.result, dict) and s.result.get("state") == "draft",
            )

        # --- list, one page (aepp's default limit=100) ------------------------------------------
        prop = f"description=={run_tag}"
        s = step(f"fs.getFlows(prop={prop!r})", lambda: fs.getFlows(prop=prop))
        got = [f.get("id") for f in s.result] if isinstance(s.result, list) else None
        exact(
            "flows.list.one-page",
            f"getFlows(prop=...) with aepp's default limit=100: one GET /flows -> 200, all {PAGING_FLOWS} flows once each",
            s,
            [{"method": "GET", "path": "/flows", "query": {"limit": "100", "count": "False", "property": prop}, "status": 200}],
            extra_ok=same_flows(got, ids),
            extra_detail=f"ids returned: {len(got or [])}, expected {len(ids)}",
        )

        # --- list, paging past one page with aepp ------------------------------------------------
        pages = -(-PAGING_FLOWS // PAGE_LIMIT)
        s = step(f"fs.getFlows(limit={PAGE_LIMIT}, prop={prop!r})", lambda: fs.getFlows(limit=PAGE_LIMIT, prop=prop))
        got = [f.get("id") for f in s.result] if isinstance(s.result, list) else None
        report.check(
            "flows.list.paging.aepp",
            f"getFlows(limit={PAGE_LIMIT}) follows _links.next through {pages} pages and returns all {PAGING_FLOWS} flows",
            s.error is None and same_flows(got, ids),
            s.describe(),
        )
        base_q = {"limit": str(PAGE_LIMIT), "count": "False", "property": prop}
        exact(
            "flows.list.paging.journal",
            f"paging journal: {pages} x GET /flows (limit={PAGE_LIMIT}, property kept, continuationToken from page 2 on) -> 200",
            s,
            [{"method": "GET", "path": "/flows", "query": base_q, "status": 200}]
            + [{"method": "GET", "path": "/flows", "query": {**base_q, "continuationToken": ANY}, "status": 200}] * (pages - 1),
            brief=True,
            journal_only=True,
        )
        # The token aepp sends on page k+1 must be the continuationToken of page k's _links.next.href.
        list_wire = [w for w in s.wire if w["method"] == "GET"]
        token_problems = []
        for k, w in enumerate(list_wire):
            href = (((w["body"] or {}).get("_links") or {}).get("next") or {}).get("href") if isinstance(w["body"], dict) else None
            if not href:
                continue
            want = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query).get("continuationToken", [None])[0]
            sent = (s.entries[k + 1].get("query") or {}).get("continuationToken") if k + 1 < len(s.entries) else None
            if sent != want:
                token_problems.append(
                    f"page {k + 1} _links.next.href = {href!r}\n  continuationToken in that href = {want!r}\n"
                    f"  continuationToken aepp sent next = {sent!r} (aepp takes href.split('=')[1])"
                )
        report.check(
            "flows.list.paging.token",
            "the continuationToken aepp sends is the one in the previous page's _links.next.href",
            bool(list_wire) and not token_problems and len(s.entries) == pages,
            "\n".join(token_problems) + "\n" + s.journal_lines(),
        )

        # Walk the pages as a careful client would (parse the token from the href properly), with
        # aepp's generic getResource, to look at every page the emulator serves, the last one too.
        hrefs: list[str] = []
        walked: list[str] = []
        last_body: Any = None
        walk_errors: list[str] = []

        def walk() -> None:
            nonlocal last_body
            params: dict = {"limit": PAGE_LIMIT, "property": prop}
            for _ in range(pages + 2):
                body = fs.getResource(endpoint + "/flows", params=params)
                last_body = body
                if not isinstance(body, dict) or "items" not in body:
                    walk_errors.append(f"not a flow list: {short(body)}")
                    return
                walked.extend(f.get("id") for f in body["items"])
                href = ((body.get("_links") or {}).get("next") or {}).get("href")
                if not href:
                    return
                hrefs.append(href)
                token = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query).get("continuationToken", [None])[0]
                if token is None:
                    walk_errors.append(f"no continuationToken in {href!r}")
                    return
                params = {"limit": PAGE_LIMIT, "property": prop, "continuationToken": token}

        s = step(f"fs.getResource(fs.endpoint + '/flows', params={{limit: {PAGE_LIMIT}, property, continuationToken parsed with urllib}}) until no next", walk)
        report.check(
            "flows.list.paging.emulator",
            f"the emulator's pages themselves are right: a client that parses the token properly gets all {PAGING_FLOWS} flows once each",
            s.error is None and not walk_errors and same_flows(walked, ids),
            "\n".join(walk_errors) + "\n" + s.describe(),
        )
        bad_hrefs = [
            h for h in hrefs
            if not (urllib.parse.urlsplit(h).path == "/flows" and list(urllib.parse.parse_qs(urllib.parse.urlsplit(h).query)) == ["continuationToken"])
        ]
        report.check(
            "flows.list.paging.href-shape",
            "every _links.next.href is '/flows?continuationToken=<token>' (the token its only query parameter, as in Adobe's PageLink example)",
            bool(hrefs) and not bad_hrefs,
            "hrefs served: " + short(hrefs, 600) + "\naepp 0.6.0 getFlows/getRuns/getSourceConnections/getTargetConnections take the token as href.split('=')[1]",
        )
        report.check(
            "flows.list.paging.last-page-links",
            "the last page of GET /flows still carries `_links` (aepp 0.6.0 reads res['_links'] unguarded on every page after the first)",
            isinstance(last_body, dict) and "_links" in last_body,
            "last page body keys: " + short(sorted(last_body) if isinstance(last_body, dict) else last_body),
        )

        # --- patch with the etag ------------------------------------------------------------------
        old_etag = flow.get("etag") or etags[first]
        ops = [{"op": "replace", "path": "/name", "value": f"{run_tag}-renamed"}]
        s = step(f"fs.updateFlow({first!r}, etag, {ops!r})", lambda: fs.updateFlow(first, old_etag, ops))
        new_etag = s.result.get("etag") if isinstance(s.result, dict) else None
        exact(
            "flows.patch",
            "updateFlow(id, etag, ops): PATCH /flows/{id} with If-Match = etag, JSON Patch body -> 200, new etag",
            s,
            [{"method": "PATCH", "path": f"/flows/{first}", "query": {}, "ifMatch": old_etag, "status": 200}],
            extra_ok=bool(s.entries) and s.entries[0].get("body") == ops and bool(new_etag) and new_etag != old_etag,
        )
        s = step(f"fs.getFlow({first!r})", lambda: fs.getFlow(first))
        report.check(
            "flows.patch.visible",
            "getFlow after the patch shows the new name and etag",
            isinstance(s.result, dict) and s.result.get("name") == f"{run_tag}-renamed" and s.result.get("etag") == new_etag,
            s.describe(),
        )
        stale_ops = [{"op": "replace", "path": "/name", "value": f"{run_tag}-stale"}]
        s = step(f"fs.updateFlow({first!r}, stale etag, ...)", lambda: fs.updateFlow(first, old_etag, stale_ops))
        exact(
            "flows.patch.stale-etag",
            "updateFlow with the superseded etag: PATCH -> 412 (aepp returns the error body; journal shows it)",
            s,
            [{"method": "PATCH", "path": f"/flows/{first}", "query": {}, "ifMatch": old_etag, "status": 412}],
        )

        # --- actions --------------------------------------------------------------------------------
        for op, flow_id, want_state in (("disable", first, "disabled"), ("enable", first, "enabled"), ("publish", draft_id, "enabled")):
            if not flow_id:
                report.check(f"flows.action.{op}", f"postFlowAction(id, {op!r})", False, "no draft flow to publish")
                continue
            s = step(f"fs.postFlowAction({flow_id!r}, {op!r})", lambda: fs.postFlowAction(flow_id, op))
            after = step(f"fs.getFlow({flow_id!r})", lambda: fs.getFlow(flow_id))
            exact(
                f"flows.action.{op}",
                f"postFlowAction(id, {op!r}): POST /flows/{{id}}/action?op={op} -> 200, then state {want_state}",
                s,
                [{"method": "POST", "path": f"/flows/{flow_id}/action", "query": {"op": op}, "status": 200}],
                extra_ok=isinstance(after.result, dict) and after.result.get("state") == want_state,
                extra_detail=f"state afterwards: {after.result.get('state') if isinstance(after.result, dict) else after.result!r}",
            )

        # --- delete ---------------------------------------------------------------------------------
        s = step(f"fs.deleteFlow({first!r})", lambda: fs.deleteFlow(first))
        if s.result == 204:
            created.remove(first)
        exact(
            "flows.delete",
            "deleteFlow(id): DELETE /flows/{id} -> 204 (aepp returns the status code)",
            s,
            [{"method": "DELETE", "path": f"/flows/{first}", "query": {}, "status": 204}],
            extra_ok=s.result == 204,
        )
        s = step(f"fs.getFlow({first!r}) after delete", lambda: fs.getFlow(first))
        exact(
            "flows.get.deleted",
            "getFlow(deleted id): GET /flows/{id} -> 404 (aepp hides it as {})",
            s,
            [{"method": "GET", "path": f"/flows/{first}", "query": {}, "status": 404}],
            extra_ok=s.result == {},
        )

        # --- flow specs -------------------------------------------------------------------------------
        s = step(f"fs.getFlowSpecIdFromNames({FLOW_SPEC_NAME!r})", lambda: fs.getFlowSpecIdFromNames(FLOW_SPEC_NAME))
        exact(
            "flowSpecs.list",
            f"getFlowSpecIdFromNames({FLOW_SPEC_NAME!r}): GET /flowSpecs?property=name=={FLOW_SPEC_NAME} -> 200, {{items:[...]}} with {FLOW_SPEC_ID}",
            s,
            [{"method": "GET", "path": "/flowSpecs", "query": {"property": f"name=={FLOW_SPEC_NAME}"}, "status": 200}],
            extra_ok=s.result == FLOW_SPEC_ID,
        )
        s = step(f"fs.getFlowSpec({FLOW_SPEC_ID!r})", lambda: fs.getFlowSpec(FLOW_SPEC_ID))
        exact(
            "flowSpecs.get",
            "getFlowSpec(id): GET /flowSpecs/{id} -> 200, {items:[spec]} (aepp unwraps items[0])",
            s,
            [{"method": "GET", "path": f"/flowSpecs/{FLOW_SPEC_ID}", "query": {}, "status": 200}],
            extra_ok=isinstance(s.result, dict) and s.result.get("id") == FLOW_SPEC_ID and s.result.get("name") == FLOW_SPEC_NAME,
        )

        # --- runs -------------------------------------------------------------------------------------
        s = step(f"fs.getRuns(prop='flowId=={second}')", lambda: fs.getRuns(prop=f"flowId=={second}"))
        exact(
            "runs.list",
            "getRuns(prop=flowId==<id>): GET /runs?limit=10&count=False&property=flowId==<id> -> 200 (a flow that never ran: items [])",
            s,
            [{"method": "GET", "path": "/runs", "query": {"limit": "10", "count": "False", "property": f"flowId=={second}"}, "status": 200}],
            extra_ok=s.result == [],
        )
    except Exception:
        report.check("scenario", "the scenario ran to its end", False, traceback.format_exc())
    finally:
        # --- every Flow Service and Data Prep request of the run carried aepp's headers ---------------
        all_fs = []
        try:
            all_fs = [e for e in emu.journal() if e.get("service") in ("flowservice", "dataprep") and e["seq"] > first_seq]
        except Exception as err:  # pragma: no cover
            report.check("headers", "journal readable", False, str(err))
        bad = [
            fmt_entry(e) + " " + short(e.get("headers"))
            for e in all_fs
            if e.get("headers", {}).get("sandboxName") != sandbox
            or e.get("headers", {}).get("apiKey") != creds["client_id"]
            or e.get("headers", {}).get("orgId") != creds["org_id"]
            or not str(e.get("headers", {}).get("authorization", "")).lower().startswith("bearer ")
        ]
        report.check(
            "headers",
            f"all {len(all_fs)} journaled Flow Service and Data Prep requests carry x-sandbox-name={sandbox}, x-api-key, x-gw-ims-org-id and a Bearer token",
            bool(all_fs) and not bad,
            "\n".join(bad[:10]),
        )
        if not keep and created:
            with contextlib.redirect_stdout(io.StringIO()):
                left = [fid for fid in created if fs.deleteFlow(fid) != 204]
            print(f"cleanup: deleted {len(created) - len(left)} of {len(created)} flows created by this run" + (f"; left {left}" if left else ""))
        if not keep and connections:
            # Adobe's delete order: the flows (above), then the source and target connections, then the
            # base connection (a base connection still used answers 1418/1447).
            delete = {"source": fs.deleteSourceConnection, "target": fs.deleteTargetConnection, "base": fs.deleteConnection}
            ordered = [c for c in connections if c[0] != "base"] + [c for c in connections if c[0] == "base"]
            emu.mark()  # past the flows' deletes
            s = step("fs.deleteSourceConnection, fs.deleteTargetConnection, fs.deleteConnection", lambda: [delete[k](i) for k, i in ordered])
            path_of = {"source": "/sourceConnections", "target": "/targetConnections", "base": "/connections"}
            exact(
                "connections.delete",
                "after the flows, the source and target connections, then the base connection: DELETE -> 204 each",
                s,
                [{"method": "DELETE", "path": f"{path_of[k]}/{i}", "query": {}, "status": 204} for k, i in ordered],
                extra_ok=s.result == [204] * len(ordered),
                brief=True,
            )

    total_failed = len(report.failed)
    if report.failed:
        print("failed checks: " + ", ".join(report.failed))
    print(f"{report.passed} passed, {total_failed} failed")
    return 1 if total_failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", default=os.environ.get("AEP_EMULATOR_URL", DEFAULT_URL), help="emulator base URL (default $AEP_EMULATOR_URL or %(default)s)")
    parser.add_argument("--sandbox", default=os.environ.get("AEP_EMULATOR_SANDBOX", "dev"), help="sandbox to work in (default dev)")
    parser.add_argument("--reset", action="store_true", help="POST /__emulator/reset first (wipes every flow and the journal)")
    parser.add_argument("--keep", action="store_true", help="keep the flows this run created")
    args = parser.parse_args()
    return run(args.url.rstrip("/"), args.sandbox, args.reset, args.keep)


if __name__ == "__main__":
    sys.exit(main())
