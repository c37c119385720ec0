"""The cloud-storage pipeline of examples/yaml, in Python: an Amazon S3 bucket read into the
"Orders dataset" through a mapping set, all drafts until the `draft` config is set to false."""

from datetime import datetime, timedelta, timezone

import pulumi
import pulumi_aep as aep

config = pulumi.Config()
draft = config.require_bool("draft")  # one flag publishes the whole pipeline, in Adobe's order
XED = "application/vnd.adobe.xed-full+json;version=1"
DATA_LAKE = aep.ConnectionSpecRefArgs(id="c604ff05-7f1a-43c0-8e18-33bf874cb11c", version="1.0")
# The flow's first run. The service refuses a new flow whose start time has passed, so no date written here would do
# for ever: a stack's `startTime` (`pulumi config set startTime 2031-01-01T00:00:00Z`), or else the next UTC midnight
# after the flow is created, kept afterwards (ignore_changes): recomputed on every run, it would be a change every time.
configured_start = config.get("startTime")
next_utc_midnight = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
start_time = configured_start or next_utc_midnight.strftime("%Y-%m-%dT%H:%M:%SZ")

# Ids that differ per sandbox, found by name in the stack's sandbox (`aep:sandboxName`).
s3 = aep.get_connection_spec(name="amazon-s3")
flow_spec = aep.get_flow_spec(name="CloudStorageToAEP")
dataset = aep.get_dataset(name="Orders dataset")
schema = aep.get_schema(title="Orders")
s3_spec = aep.ConnectionSpecRefArgs(id=s3.id, version=s3.version)

bucket = aep.BaseConnection(
    "ordersBucket",
    name="Orders bucket (Python)",
    connection_spec=s3_spec,
    auth=aep.AuthArgs(
        spec_name="Access Key",
        # Pulumi secrets: encrypted in the stack, never printed, never sent anywhere but AEP.
        params={
            "s3AccessKey": config.require_secret("s3AccessKey"),
            "s3SecretKey": config.require_secret("s3SecretKey"),
        },
    ),
    draft=draft,
)

files = aep.SourceConnection(
    "ordersFiles",
    name="Orders files (Python)",
    base_connection_id=bucket.id,
    connection_spec=s3_spec,
    data=aep.SourceConnectionDataArgs(format="delimited"),
    params={"path": "/acme-orders/in/*.csv", "recursive": False},
    draft=draft,
)

target = aep.TargetConnection(
    "ordersDataset",
    name="Orders dataset (Python)",
    connection_spec=DATA_LAKE,
    data=aep.TargetConnectionDataArgs(schema=aep.TargetDataSchemaArgs(id=schema.id, version=XED)),
    params={"dataSetId": dataset.id},
    draft=draft,
)

mapping = aep.MappingSet(
    "ordersMapping",
    output_schema=aep.OutputSchemaArgs(schema_ref=aep.SchemaRefArgs(id=schema.id, content_type=XED)),
    mappings=[
        aep.MappingRuleArgs(source_type=aep.MappingSourceType.ATTRIBUTE, source="order_id", destination="_id"),
        aep.MappingRuleArgs(
            source_type=aep.MappingSourceType.EXPRESSION, source="lower(email)", destination="personalEmail.address"
        ),
    ],
)

flow = aep.Dataflow(
    "ordersFlow",
    name=config.require("flowName"),
    flow_spec=aep.FlowSpecRefArgs(id=flow_spec.id, version=flow_spec.version),
    source_connection_ids=[files.id],
    target_connection_ids=[target.id],
    # A mapping edit makes a new mapping set version, and this one etag-guarded PATCH of the flow.
    transformations=[
        aep.TransformationArgs(name="Mapping", params={"mappingId": mapping.id, "mappingVersion": mapping.version})
    ],
    schedule_params=aep.ScheduleParamsArgs(start_time=start_time, frequency=aep.Frequency.HOUR, interval=1),
    draft=draft,
    opts=None if configured_start else pulumi.ResourceOptions(ignore_changes=["scheduleParams.startTime"]),
)

pulumi.export("flowId", flow.id)
pulumi.export("state", flow.state)
pulumi.export("mappingVersion", mapping.version)
