"""The one-shot ``init`` program: a fixed Python (stdlib only) script that reads ``init/plan.json``.

Everything design-specific (hosts, connector names and bodies, index names, buckets) is data in the plan;
the script itself is the same for every bundle, so no user string is ever interpreted as code or shell.
"""

from __future__ import annotations

INIT_SCRIPT = r'''"""Kafkaesque bundle init: wait for services, create buckets and indices, validate then
create connectors, import Kibana data views, point Zeppelin interpreters at the bundle hosts and import
notes. Reads everything from the plan file given as argument; every step can run again (a second
`docker compose up` finds buckets, indices, connectors and notes in place and moves on)."""

import datetime
import hashlib
import hmac
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

BUNDLE = "/bundle"


def request(method, url, body=None, headers=None):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode("utf-8"))
    all_headers = {"Content-Type": "application/json"} if body is not None and not isinstance(body, bytes) else {}
    all_headers.update(headers or {})
    req = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_for(url, minutes=10):
    deadline = time.time() + minutes * 60
    while time.time() < deadline:
        try:
            status, _ = request("GET", url)
            if status < 500:
                print("ready:", url, flush=True)
                return
        except OSError:
            pass
        time.sleep(5)
    sys.exit("gave up waiting for " + url)


def read(path):
    with open(BUNDLE + "/" + path, "rb") as handle:
        return handle.read()


def sign_v4(method, host, path, access_key, secret_key, region="us-east-1"):
    now = datetime.datetime.now(datetime.timezone.utc)
    stamp, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    payload = hashlib.sha256(b"").hexdigest()
    signed = "host;x-amz-content-sha256;x-amz-date"
    headers = ["host:" + host, "x-amz-content-sha256:" + payload, "x-amz-date:" + stamp]
    canonical = "\n".join([method, path, "", *headers, "", signed, payload])
    scope = day + "/" + region + "/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + secret_key).encode()
    for part in (day, region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return {
        "x-amz-date": stamp,
        "x-amz-content-sha256": payload,
        "Authorization": "AWS4-HMAC-SHA256 Credential=" + access_key + "/" + scope
        + ", SignedHeaders=" + signed + ", Signature=" + signature,
    }


def create_bucket(item):
    endpoint = urllib.parse.urlsplit(item["endpoint"])
    path = "/" + urllib.parse.quote(item["bucket"], safe="")
    headers = sign_v4("PUT", endpoint.netloc, path, item["access_key"], item["secret_key"])
    status, body = request("PUT", item["endpoint"] + path, b"", headers)
    if status not in (200, 409):
        sys.exit("bucket " + item["bucket"] + " failed: " + str(status) + " " + body.decode("utf-8", "replace"))
    print("bucket:", item["bucket"], status, flush=True)


def create_index(item):
    url = item["url"] + "/" + urllib.parse.quote(item["index"], safe="")
    status, body = request("PUT", url, json.loads(read(item["file"])))
    if status >= 300 and b"resource_already_exists_exception" not in body:
        sys.exit("index " + item["index"] + " failed: " + str(status) + " " + body.decode("utf-8", "replace"))
    print("index:", item["index"], status, flush=True)


def create_connector(item):
    """Validate, then create or update one connector; returns an error text instead of stopping the others."""
    document = json.loads(read(item["file"]))
    config = document["config"]
    plugin = urllib.parse.quote(config["connector.class"], safe="")
    status, body = request("PUT", item["url"] + "/connector-plugins/" + plugin + "/config/validate", config)
    if status != 200:
        return "validate " + document["name"] + " failed: " + str(status) + " " + body.decode("utf-8", "replace")
    answer = json.loads(body)
    if answer.get("error_count", 0):
        for entry in answer.get("configs", []):
            for message in entry.get("value", {}).get("errors", []):
                print("  " + entry["value"]["name"] + ": " + message, flush=True)
        return "connector " + document["name"] + " has " + str(answer["error_count"]) + " config errors"
    name = urllib.parse.quote(document["name"], safe="")
    status, body = request("PUT", item["url"] + "/connectors/" + name + "/config", config)
    if status >= 300:
        return "create " + document["name"] + " failed: " + str(status) + " " + body.decode("utf-8", "replace")
    print("connector:", document["name"], status, flush=True)
    return None


def import_kibana(item):
    boundary = uuid.uuid4().hex
    body = (
        ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"objects.ndjson\"\r\n"
         "Content-Type: application/ndjson\r\n\r\n").encode()
        + read(item["file"])
        + ("\r\n--" + boundary + "--\r\n").encode()
    )
    headers = {"kbn-xsrf": "true", "Content-Type": "multipart/form-data; boundary=" + boundary}
    status, answer = request("POST", item["url"] + "/api/saved_objects/_import?overwrite=true", body, headers)
    if status >= 300:
        sys.exit("kibana import failed: " + str(status) + " " + answer.decode("utf-8", "replace"))
    print("kibana:", item["file"], status, flush=True)


def set_interpreter(url, setting_id, wanted):
    """Point one Zeppelin interpreter setting at the bundle: read it, change the listed values, put it back."""
    status, answer = request("GET", url + "/api/interpreter/setting/" + urllib.parse.quote(setting_id, safe=""))
    if status != 200:
        sys.exit("zeppelin interpreter " + setting_id + ": " + str(status) + " " + answer.decode("utf-8", "replace"))
    setting = json.loads(answer)["body"]
    properties = setting.get("properties", {})
    for key, value in wanted.get("properties", {}).items():
        entry = properties.get(key)
        if isinstance(entry, dict):
            entry["value"] = value
        else:
            properties[key] = {"name": key, "value": value, "type": "string"}
    dependencies = setting.get("dependencies", [])
    known = {dependency.get("groupArtifactVersion") for dependency in dependencies}
    for artifact in wanted.get("dependencies", []):
        if artifact not in known:
            dependencies.append({"groupArtifactVersion": artifact, "local": False})
    body = {"properties": properties, "dependencies": dependencies, "option": setting.get("option", {})}
    status, answer = request("PUT", url + "/api/interpreter/setting/" + urllib.parse.quote(setting_id, safe=""), body)
    if status >= 300:
        sys.exit("zeppelin interpreter " + setting_id + ": " + str(status) + " " + answer.decode("utf-8", "replace"))
    print("zeppelin interpreter:", setting_id, status, flush=True)


def import_note(item):
    for setting_id, wanted in sorted(item.get("interpreters", {}).items()):
        set_interpreter(item["url"], setting_id, wanted)
    note = json.loads(read(item["file"]))
    status, answer = request("GET", item["url"] + "/api/notebook")
    if status == 200:
        existing = {entry.get("path", entry.get("name", "")).lstrip("/") for entry in json.loads(answer)["body"]}
        if note["name"].lstrip("/") in existing:
            print("zeppelin: note already there:", note["name"], flush=True)
            return
    status, answer = request("POST", item["url"] + "/api/notebook", note)
    if status >= 300:
        sys.exit("zeppelin note failed: " + str(status) + " " + answer.decode("utf-8", "replace"))
    print("zeppelin:", item["file"], status, flush=True)


def main(plan_path):
    with open(plan_path, encoding="utf-8") as handle:
        plan = json.load(handle)
    for url in plan.get("wait", []):
        wait_for(url)
    for item in plan.get("buckets", []):
        create_bucket(item)
    for item in plan.get("indices", []):
        create_index(item)
    failed = [error for item in plan.get("connectors", []) if (error := create_connector(item))]
    for item in plan.get("kibana", []):
        import_kibana(item)
    for item in plan.get("zeppelin", []):
        import_note(item)
    if failed:
        sys.exit("init: " + str(len(failed)) + " connector(s) failed:\n" + "\n".join(failed))
    print("init: done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
'''
