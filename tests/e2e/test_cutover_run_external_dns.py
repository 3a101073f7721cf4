#!/usr/bin/env python3
"""End-to-end: `greenlight cutover run` in external-dns mode with blue and green on different
external-dns versions (blue v0.14.2 in CNAME mode, reads external-dns.alpha.kubernetes.io/;
green v0.22.0, reads only external-dns.kubernetes.io/), against moto on 127.0.0.1 with the real
AWS CLI for every listing (the server is stopped by the test).

tests/e2e/external_dns_standin.py stands in for kubectl and for both clusters' external-dns
controllers (it is a test stand-in, not external-dns): it applies each patch and publishes what
that cluster's external-dns would, reading only the prefix its version reads.

1. `cutover init` derives the spec from both clusters' manifests (each cluster's own version and
   prefix from its Deployment). Green's Service has no hostname annotation at all.
2. `run` patches both clusters and polls the zone until each step is published: it ends at 0:100
   with the TTL restored, green's patches only in green's prefix (with the hostname and TTL green
   needs), blue's only in blue's.
3. The same run with one version for both clusters (the old spec shape) patches green in the
   prefix green ignores: nothing is published, the run times out and exits 1 naming it.
Skips (exit 77) where ../shared, the aws CLI or moto is absent.
"""
import json
import os
import subprocess
import sys

from moto_zone import ROOT, Moto, missing_tools, write
from support import Tally

TALLY = Tally()
check = TALLY.check

STANDIN = os.path.join(ROOT, "tests", "e2e", "external_dns_standin.py")
BLUE = "k8s-shop-web-0123456789.us-east-1.elb.amazonaws.com"
GREEN = "k8s-shop-web-9876543210.us-east-1.elb.amazonaws.com"
ALPHA = "external-dns.alpha.kubernetes.io/"
GA = "external-dns.kubernetes.io/"


def deployment(owner, version, extra_args):
    args = "\n".join(f"            - {a}" for a in ["--provider=aws", "--source=service", "--registry=txt",
                                                     f"--txt-owner-id={owner}", "--policy=upsert-only"] + extra_args)
    return f"""apiVersion: apps/v1
kind: Deployment
metadata: {{name: external-dns, namespace: external-dns}}
spec:
  selector: {{matchLabels: {{app: external-dns}}}}
  template:
    metadata: {{labels: {{app: external-dns}}}}
    spec:
      containers:
        - name: external-dns
          image: registry.k8s.io/external-dns/external-dns:{version}
          args:
{args}
"""


def service(annotations, target):
    lines = "".join(f"    {k}: \"{v}\"\n" for k, v in annotations.items())
    return f"""---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
{"  annotations:" + chr(10) + lines if lines else ""}spec:
  type: LoadBalancer
  selector: {{app: web}}
  ports: [{{port: 443}}]
status:
  loadBalancer:
    ingress: [{{hostname: {target}}}]
"""


def standin_state(tmp, zone):
    state = {"zoneId": zone, "clusters": {
        "eks-blue": {"version": "v0.14.2", "owner": "eks-blue", "preferCname": True, "objects": {
            "service/shop/web": {"target": BLUE, "owns_simple": True,
                                 "annotations": {f"{ALPHA}hostname": "shop.example.com"}}}},
        "eks-green": {"version": "v0.22.0", "owner": "eks-green", "preferCname": True, "objects": {
            "service/shop/web": {"target": GREEN, "annotations": {}}}}}}
    path = os.path.join(tmp, "standin.json")
    json.dump(state, open(path, "w"))
    return path


def main():
    why = missing_tools()
    if why:
        print(f"skipped: {why}")
        return 77
    with Moto() as moto:
        tmp = moto.tmp
        for cluster, text in (("blue", deployment("eks-blue", "v0.14.2", ["--aws-prefer-cname", "--txt-prefix=edns-"]) +
                               service({f"{ALPHA}hostname": "shop.example.com"}, BLUE)),
                              ("green", deployment("eks-green", "v0.22.0", ["--aws-prefer-cname"]) + service({}, GREEN))):
            os.makedirs(os.path.join(tmp, cluster))
            write(os.path.join(tmp, cluster, "all.yaml"), text)

        def scenario(name, edit):
            zone = moto.create_zone("example.com")
            state = standin_state(tmp, zone)
            env = {"STANDIN_STATE": state}
            r = subprocess.run([sys.executable, STANDIN, "--sync", "eks-blue"], env={**moto.env, **env},
                               capture_output=True, text=True)
            assert r.returncode == 0, r.stderr
            listing = os.path.join(tmp, f"{name}-listing.json")
            json.dump(moto.listing(zone), open(listing, "w"))
            out = os.path.join(tmp, f"{name}-init")
            r = moto.greenlight("cutover", "init", "--blue", os.path.join(tmp, "blue"), "--green",
                                os.path.join(tmp, "green"), "--zone-name", "example.com", "--zone-id", zone,
                                "--state", listing, "--out", out)
            check(r.returncode == 0, f"{name}: init exits 0", r.stderr)
            spec_path = os.path.join(out, "cutover.yaml")
            text = open(spec_path).read()
            text = edit(text).replace("records:", "steps:\n  - {blue: 100, green: 0}\n  - {blue: 50, green: 50}\n"
                                      "  - {blue: 0, green: 100}\nrecords:")
            write(spec_path, text)
            for cluster in ("blue", "green"):
                text = open(spec_path).read().replace(f"txtOwnerId: \"eks-{cluster}\"",
                                                      f"txtOwnerId: \"eks-{cluster}\"\n    kubeContext: eks-{cluster}")
                write(spec_path, text)
            state_dir = os.path.join(tmp, f"{name}-run")
            r = moto.greenlight("cutover", "run", spec_path, "--state-dir", state_dir, "--yes", "--bake", "0s",
                                "--kubectl", STANDIN, extra_env=env)
            return zone, spec_path, state, r

        def per_cluster(text):
            return text.replace("externalDns:", "externalDns:\n  pollInterval: 1s\n  publishTimeout: 60s", 1)

        zone, spec_path, state, r = scenario("mixed", per_cluster)
        spec = open(spec_path).read()
        check("version: v0.14.2" in spec and "version: v0.22.0" in spec and f"annotationPrefix: {ALPHA}" in spec
              and f"annotationPrefix: {GA}" in spec and "type: CNAME" in spec,
              "init: each cluster's own version and prefix; CNAME from the live zone", spec)
        check(r.returncode == 0, "mixed versions: run exits 0", r.stderr[-3000:])
        members = moto.members(zone, "shop.example.com")
        check(members == {("CNAME", "shop-web-blue"): (0, 300), ("CNAME", "shop-web-green"): (100, 300)},
              "the zone ends at 0:100 with the TTL restored", str(members))
        patches = [json.loads(line) for line in open(os.path.join(os.path.dirname(state), "kubectl.log"))]
        keys = {c: {k for p in patches if p["context"] == c for k in p["patch"]["metadata"]["annotations"]}
                for c in ("eks-blue", "eks-green")}
        check(keys["eks-green"] and all(k.startswith(GA) for k in keys["eks-green"]),
              "green patched only in the prefix v0.22 reads", str(keys))
        check(keys["eks-blue"] and all(k.startswith(ALPHA) for k in keys["eks-blue"]),
              "blue patched only in the prefix v0.14 reads", str(keys))
        check({GA + "hostname", GA + "ttl", GA + "set-identifier", GA + "aws-weight"} <= keys["eks-green"],
              "green's patches carry the hostname and TTL it needs to publish", str(keys))
        txt = {rs["Name"] for rs in moto.listing(zone)["ResourceRecordSets"] if rs["Type"] == "TXT"}
        check("cname-shop.example.com." in txt, "green's ownership TXT published", str(txt))

        def one_version(text):
            # The old spec shape: one version for both clusters; green gets blue's prefix.
            import re
            text = re.sub(r"    version: v0\.22\.0\n", "", text)
            text = re.sub(r"    annotationPrefix: [^\n]*\n", "", text)
            return per_cluster(text.replace("externalDns:", "externalDns:\n  version: v0.21.0", 1)).replace(
                "publishTimeout: 60s", "publishTimeout: 5s")

        zone, spec_path, state, r = scenario("one-version", one_version)
        check(r.returncode == 1 and "external-dns did not publish" in r.stderr and "shop-web-green" in r.stderr,
              "one prefix for both: green never publishes, exit 1 naming it", r.stderr[-3000:])
    return TALLY.finish()


if __name__ == "__main__":
    sys.exit(main())
