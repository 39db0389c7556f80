#!/usr/bin/python3
"""A stand-in API server that records the request bodies kubectl sends.

Used only by capture.sh to make the golden inputs of protobuf_test.cpp: it serves legacy discovery
saying our resources exist, answers each write with a 201 echo of the object's name, answers GETs
from the JSON files under stubobjects/ and OBJECT_DIRs, and writes every request body to
$CAPTURE_DIR/<n>.bin with its method, path and content type in <n>.meta.

Usage: capturestub.py PORT CAPTURE_DIR [OBJECT_DIR...]
"""
import json
import os
import sys
import urllib.parse
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

# (groupVersion, [(plural, kind, namespaced)]) as a real server's discovery lists them.
RESOURCES = {
    "v1": [("namespaces", "Namespace", False), ("configmaps", "ConfigMap", True),
           ("secrets", "Secret", True), ("services", "Service", True), ("pods", "Pod", True),
           ("pods/eviction", "Eviction", True), ("serviceaccounts", "ServiceAccount", True),
           ("serviceaccounts/token", "TokenRequest", True), ("nodes", "Node", False),
           ("resourcequotas", "ResourceQuota", True), ("replicationcontrollers", "ReplicationController", True)],
    "apps/v1": [("deployments", "Deployment", True), ("replicasets", "ReplicaSet", True),
                ("statefulsets", "StatefulSet", True), ("daemonsets", "DaemonSet", True)],
    "batch/v1": [("jobs", "Job", True), ("cronjobs", "CronJob", True)],
    "rbac.authorization.k8s.io/v1": [("roles", "Role", True), ("clusterroles", "ClusterRole", False),
                                     ("rolebindings", "RoleBinding", True),
                                     ("clusterrolebindings", "ClusterRoleBinding", False)],
    "authorization.k8s.io/v1": [("selfsubjectaccessreviews", "SelfSubjectAccessReview", False),
                                ("selfsubjectrulesreviews", "SelfSubjectRulesReview", False)],
    "authentication.k8s.io/v1": [("selfsubjectreviews", "SelfSubjectReview", False)],
    "policy/v1": [("poddisruptionbudgets", "PodDisruptionBudget", True)],
    "scheduling.k8s.io/v1": [("priorityclasses", "PriorityClass", False)],
    "autoscaling/v2": [("horizontalpodautoscalers", "HorizontalPodAutoscaler", True)],
    "networking.k8s.io/v1": [("ingresses", "Ingress", True)],
}


def resource_list(group_version):
    resources = []
    for plural, kind, namespaced in RESOURCES[group_version]:
        entry = {"name": plural, "singularName": "", "namespaced": namespaced, "kind": kind, "verbs": VERBS}
        if plural == "pods/eviction":
            entry.update({"group": "policy", "version": "v1", "verbs": ["create"]})
        resources.append(entry)
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version, "resources": resources}


def group_list():
    groups = []
    for group_version in RESOURCES:
        if "/" not in group_version:
            continue
        name, version = group_version.split("/")
        gv = {"groupVersion": group_version, "version": version}
        groups.append({"name": name, "versions": [gv], "preferredVersion": gv})
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


def read_varint(data, position):
    value, shift = 0, 0
    while True:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, position


def length_fields(data):
    """The length-delimited fields of one message, by number (last one wins)."""
    fields, position = {}, 0
    while position < len(data):
        key, position = read_varint(data, position)
        wire_type = key & 7
        if wire_type == 0:
            _, position = read_varint(data, position)
        elif wire_type == 1:
            position += 8
        elif wire_type == 5:
            position += 4
        elif wire_type == 2:
            length, position = read_varint(data, position)
            fields[key >> 3] = data[position:position + length]
            position += length
        else:
            raise ValueError("unexpected wire type")
    return fields


def echo_of(body, content_type):
    """A plausible answer to a create: the kind and name of what was sent."""
    if content_type.startswith("application/json"):
        try:
            sent = json.loads(body)
        except ValueError:
            sent = {}
        kind, api_version = sent.get("kind", ""), sent.get("apiVersion", "")
        metadata = sent.get("metadata", {})
        name, namespace = metadata.get("name", ""), metadata.get("namespace", "")
    else:
        unknown = length_fields(body[4:])
        type_meta = length_fields(unknown.get(1, b""))
        api_version, kind = type_meta.get(1, b"").decode(), type_meta.get(2, b"").decode()
        metadata = length_fields(length_fields(unknown.get(2, b"")).get(1, b""))
        name, namespace = metadata.get(1, b"").decode(), metadata.get(3, b"").decode()
    echo = {"apiVersion": api_version, "kind": kind,
            "metadata": {"name": name or "generated", "uid": "00000000-0000-0000-0000-000000000001",
                         "resourceVersion": "1", "creationTimestamp": "2025-01-01T00:00:00Z"}}
    if namespace:
        echo["metadata"]["namespace"] = namespace
    if kind.startswith("SelfSubject"):
        echo["status"] = {"allowed": True}
    return echo


def stored_object(path):
    """The object served at `path`, from <path with "/" as "_">.json, or None."""
    file_name = path.strip("/").replace("/", "_") + ".json"
    for directory in [os.path.join(HERE, "stubobjects")] + sys.argv[3:]:
        stored = os.path.join(directory, file_name)
        if os.path.exists(stored):
            with open(stored) as source:
                return json.load(source)
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    sequence = 0
    sequence_lock = threading.Lock()

    def log_message(self, *args):
        pass

    def reply(self, code, document):
        payload = json.dumps(document).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def record(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else b""
        content_type = self.headers.get("Content-Type", "")
        if body:
            with Handler.sequence_lock:
                Handler.sequence += 1
                base = os.path.join(sys.argv[2], "%03d" % Handler.sequence)
            with open(base + ".bin", "wb") as out:
                out.write(body)
            with open(base + ".meta", "w") as out:
                out.write("%s %s %s\n" % (self.command, self.path, content_type))
        return body, content_type

    def not_found(self):
        self.reply(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound",
                         "message": "not found", "code": 404})

    def do_GET(self):
        self.record()
        path = urllib.parse.urlparse(self.path).path
        if path == "/api":
            return self.reply(200, {"kind": "APIVersions", "versions": ["v1"]})
        if path == "/apis":
            return self.reply(200, group_list())
        if path == "/version":
            return self.reply(200, {"major": "1", "minor": "32", "gitVersion": "v1.32.0"})
        for group_version in RESOURCES:
            prefix = "/api/" if "/" not in group_version else "/apis/"
            if path == prefix + group_version:
                return self.reply(200, resource_list(group_version))
        stored = stored_object(path)
        if stored is not None:
            return self.reply(200, stored)
        self.not_found()

    def do_POST(self):
        body, content_type = self.record()
        self.reply(201, echo_of(body, content_type))

    def do_PUT(self):
        body, content_type = self.record()
        self.reply(200, echo_of(body, content_type))

    def do_PATCH(self):
        self.record()
        stored = stored_object(urllib.parse.urlparse(self.path).path)
        if stored is not None:
            return self.reply(200, stored)
        self.not_found()

    def do_DELETE(self):
        self.record()
        self.reply(200, {"kind": "Status", "apiVersion": "v1", "status": "Success"})


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
