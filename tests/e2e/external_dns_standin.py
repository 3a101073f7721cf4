#!/usr/bin/env python3
"""TEST STAND-IN, not external-dns: plays `kubectl` and each cluster's external-dns controller for
the external-dns-mode tests of `greenlight cutover run`.

Called as kubectl (`--context C --namespace N patch KIND NAME --type merge --patch JSON`), it
applies the merge patch to the object kept in the JSON file $STANDIN_STATE, then does what that
cluster's external-dns would do on its next sync, in a simplified way: for every Service of the
cluster, read the annotations *in the prefix that cluster's external-dns version reads* (v0.22+:
external-dns.kubernetes.io/, older: external-dns.alpha.kubernetes.io/, unless the cluster pins
annotationPrefix), and publish the member to Route 53 (moto, via botocore and
$AWS_ENDPOINT_URL): hostname (required on a Service), set-identifier, aws-weight, ttl (default
300), CNAME for an ELB target under --aws-prefer-cname unless `alias` is set, else an alias A
record; plus one weighted TXT ownership record `<type>-<name>`. A simple record it owns is
converted with DELETE + CREATE in one batch. Records of names it no longer publishes are left
alone (upsert-only). Not modelled: sync intervals, other sources, AAAA, ownership checks.

    external_dns_standin.py --sync CONTEXT     publish a cluster's current objects (test set-up)
"""
import json
import os
import sys

import botocore.session

GA = "external-dns.kubernetes.io/"
ALPHA = "external-dns.alpha.kubernetes.io/"
ELB_ZONE = {"us-east-1": "Z35SXDOTRQ7X7K"}


def prefix_of(cluster):
    if cluster.get("annotationPrefix"):
        return cluster["annotationPrefix"]
    major, minor = (int(x) for x in cluster["version"].lstrip("v").split(".")[:2])
    return GA if (major, minor) >= (0, 22) else ALPHA


def route53():
    session = botocore.session.get_session()
    return session.create_client("route53", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="us-east-1")


def desired(cluster, key, obj):
    """The member record and its TXT for one Service, or [] when it publishes nothing."""
    p = prefix_of(cluster)
    a = {k[len(p):]: v for k, v in obj.get("annotations", {}).items() if k.startswith(p)}
    if "hostname" not in a:
        return []
    name, target = a["hostname"], obj["target"]
    rs = {"Name": name, "Type": "CNAME"}
    if "set-identifier" in a:
        rs["SetIdentifier"] = a["set-identifier"]
        rs["Weight"] = int(a.get("aws-weight", "0"))
    if cluster.get("preferCname") and a.get("alias") != "true":
        rs["TTL"] = int(a.get("ttl", "300"))
        rs["ResourceRecords"] = [{"Value": target}]
    else:
        rs["Type"] = "A"
        rs["AliasTarget"] = {"HostedZoneId": ELB_ZONE["us-east-1"], "DNSName": target, "EvaluateTargetHealth": True}
    kind, namespace, obj_name = key.split("/")
    txt = {"Name": f"{rs['Type'].lower()}-{name}", "Type": "TXT", "TTL": 300, "ResourceRecords": [{
        "Value": f'"heritage=external-dns,external-dns/owner={cluster["owner"]},'
                 f'external-dns/resource={kind}/{namespace}/{obj_name}"'}]}
    if "SetIdentifier" in rs:
        txt["SetIdentifier"], txt["Weight"] = rs["SetIdentifier"], rs["Weight"]
    return [rs, txt]


def sync(state, context):
    cluster = state["clusters"][context]
    client = route53()
    live = client.list_resource_record_sets(HostedZoneId=state["zoneId"])["ResourceRecordSets"]
    changes = []
    for key, obj in sorted(cluster["objects"].items()):
        for rs in desired(cluster, key, obj):
            name = rs["Name"].rstrip(".") + "."
            for old in live:
                # A simple record this cluster owns becomes weighted: DELETE + CREATE, one batch.
                if (old["Name"] == name and old["Type"] == rs["Type"] and "SetIdentifier" in rs
                        and "SetIdentifier" not in old and obj.get("owns_simple")):
                    old = dict(old)
                    if "AliasTarget" in old:
                        old.pop("TTL", None)
                    changes.append({"Action": "DELETE", "ResourceRecordSet": old})
            changes.append({"Action": "UPSERT", "ResourceRecordSet": rs})
        if any(c["Action"] == "DELETE" for c in changes):
            obj["owns_simple"] = False
    if changes:
        client.change_resource_record_sets(HostedZoneId=state["zoneId"],
                                           ChangeBatch={"Comment": "stand-in external-dns", "Changes": changes})


def main(argv):
    path = os.environ["STANDIN_STATE"]
    state = json.load(open(path))
    if argv[:1] == ["--sync"]:
        sync(state, argv[1])
        json.dump(state, open(path, "w"), indent=2)
        return 0
    context = argv[argv.index("--context") + 1]
    namespace = argv[argv.index("--namespace") + 1]
    verb = argv.index("patch")
    kind, name = argv[verb + 1], argv[verb + 2]
    patch = json.loads(argv[argv.index("--patch") + 1])
    cluster = state["clusters"].get(context)
    key = f"{kind}/{namespace}/{name}"
    if cluster is None or key not in cluster["objects"]:
        print(f'Error from server (NotFound): {kind} "{name}" not found', file=sys.stderr)
        return 1
    annotations = cluster["objects"][key].setdefault("annotations", {})
    for k, v in patch.get("metadata", {}).get("annotations", {}).items():
        if v is None:
            annotations.pop(k, None)
        else:
            annotations[k] = v
    with open(os.path.join(os.path.dirname(path), "kubectl.log"), "a") as log:
        log.write(json.dumps({"context": context, "object": key, "patch": patch}) + "\n")
    sync(state, context)
    json.dump(state, open(path, "w"), indent=2)
    print(f"{kind}/{name} patched")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
