"""Shared plumbing of the `cutover run` end-to-end tests: a moto server on 127.0.0.1 (a free
port, stopped by the test), the environment that points the real AWS CLI at it, and small
helpers around `aws route53`. Modelled on ../shared/tools/route53-sandbox.sh: empty config and
credential files, dummy keys, one attempt per call, proxies off."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BINARY = os.environ.get("GREENLIGHT", os.path.join(ROOT, "build", "greenlight"))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
VALIDATOR = os.path.join(SHARED, "tools", "validate-change-batch.py")


def missing_tools():
    """Why the run tests cannot run here, or None."""
    if not os.path.exists(VALIDATOR):
        return f"{VALIDATOR} not found (../shared is absent in this checkout)"
    if shutil.which("aws") is None:
        return "the aws CLI is not installed"
    if subprocess.run([sys.executable, "-c", "import moto.server"], capture_output=True).returncode:
        return "moto is not installed"
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Moto:
    """One moto server for the duration of a `with` block."""

    def __init__(self):
        self.port = free_port()
        self.tmp = tempfile.mkdtemp(prefix="greenlight-run-")
        self.process = None
        self.env = dict(os.environ)
        for name in list(self.env):
            if name.startswith("AWS_") or name.lower() in ("http_proxy", "https_proxy", "all_proxy"):
                del self.env[name]
        empty = os.path.join(self.tmp, "empty")
        open(empty, "w").close()
        self.env.update({
            "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": empty,
            "AWS_SHARED_CREDENTIALS_FILE": empty, "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_MAX_ATTEMPTS": "1", "AWS_ENDPOINT_URL": f"http://127.0.0.1:{self.port}",
            "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
        })

    def __enter__(self):
        log = open(os.path.join(self.tmp, "moto.log"), "w")
        self.process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1",
                                         "-p", str(self.port)], stdout=log, stderr=log, env=self.env)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("moto did not start")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def aws(self, *args, check=True):
        r = subprocess.run(["aws", *args], capture_output=True, text=True, env=self.env, timeout=120)
        if check and r.returncode != 0:
            raise RuntimeError(f"aws {' '.join(args)}: {r.stderr}")
        return r

    def create_zone(self, name):
        r = self.aws("route53", "create-hosted-zone", "--name", name, "--caller-reference",
                     f"{name}-{time.time()}", "--output", "json")
        return json.loads(r.stdout)["HostedZone"]["Id"].split("/")[-1]

    def apply(self, zone_id, changes):
        path = os.path.join(self.tmp, f"setup-{time.time()}.json")
        json.dump({"Comment": "test setup", "Changes": changes}, open(path, "w"))
        self.aws("route53", "change-resource-record-sets", "--hosted-zone-id", zone_id,
                 "--change-batch", f"file://{path}")

    def listing(self, zone_id):
        r = self.aws("route53", "list-resource-record-sets", "--hosted-zone-id", zone_id, "--output", "json")
        return json.loads(r.stdout)

    def members(self, zone_id, name):
        """{(type, set id): (weight, ttl)} of the records at `name`."""
        out = {}
        for rs in self.listing(zone_id)["ResourceRecordSets"]:
            if rs["Name"].rstrip(".") == name:
                ttl = None if "AliasTarget" in rs else rs.get("TTL")
                out[(rs["Type"], rs.get("SetIdentifier", ""))] = (rs.get("Weight"), ttl)
        return out

    def greenlight(self, *args, extra_env=None, **kwargs):
        env = dict(self.env)
        env.update(extra_env or {})
        return subprocess.run([BINARY, *args], capture_output=True, text=True, env=env, cwd=ROOT,
                              timeout=600, **kwargs)


def validate_sent(state_dir, zone):
    """Every batch `cutover run` sent, chained from the listing it started from."""
    sent = sorted(os.listdir(os.path.join(state_dir, "sent")))
    files = [os.path.join(state_dir, "sent", f) for f in sent]
    r = subprocess.run([sys.executable, VALIDATOR, "--zone", zone, "--state",
                        os.path.join(state_dir, "initial-listing.json"), "--chain", "-q", *files],
                       capture_output=True, text=True)
    return r, sent


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path
