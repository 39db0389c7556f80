#!/usr/bin/python3
"""Writes objects that set every field the decoder's schema knows, for capture.sh to feed kubectl.

`kubectl create job --from=cronjob/NAME` decodes the CronJob into kubectl's Go types and sends its
job template back as protobuf, and --dry-run=client -o json prints the same Go object as JSON. So
a CronJob that sets every field of the schema's JobSpec tree tests every field's number and
presence against the real Go types: "zeros" sets each field to its zero value (a pointer keeps
it, omitempty drops it), "values" to a distinct non-zero one (each field lands where it should).
Fields kubectl v1.32 does not know are dropped by kubectl on both sides, so they test nothing.
`kubectl auth reconcile -f` does the same for the RBAC kinds, from the manifests written beside.

Usage: makestubs.py SCHEMA_DIR OUTPUT_DIR
"""
import json
import os
import re
import sys

SCALAR_ZEROS = {"string": "", "int32": 0, "int64": 0, "bool": False, "quantity": "0", "intorstring": 0,
                "bytes": "", "stringlist": [""]}


def read_schema(directory):
    """{message: [(number, name, type)]} from the protobufschema_*.cpp definitions."""
    sources = "".join(open(os.path.join(directory, name)).read()
                      for name in sorted(os.listdir(directory)) if name.startswith("protobufschema_"))
    constants = {name: "".join(re.findall(r'"([^"]*)"', body))
                 for name, body in re.findall(r'constexpr std::string_view (\w+) =((?:\s*"[^"]*")+);', sources)}
    messages = {}
    for match in re.finditer(r'\{"(\w+)",\s*((?:"[^"]*"\s*)+|k\w+)\}', sources):
        name, body = match.group(1), match.group(2)
        text = constants[body] if body.startswith("k") else "".join(re.findall(r'"([^"]*)"', body))
        messages[name] = [tuple(entry.split()) for entry in text.split(",") if entry.strip()]
    return messages


def scalar_value(base, number, name, zeros):
    if zeros:
        return SCALAR_ZEROS[base]
    return {"string": name, "int32": 100 + int(number), "int64": 1000 + int(number), "bool": True,
            "quantity": "%d00m" % int(number), "intorstring": name, "bytes": "eA==",
            "stringlist": [name]}[base]


def generate(messages, message, zeros, depth=0):
    result = {}
    for number, name, kind in messages[message]:
        if kind.startswith("~"):
            result.update(generate(messages, kind[1:], zeros, depth + 1))
            continue
        base = kind.lstrip("*").rstrip("?!")
        repeated, mapped = base.startswith("[]"), base.startswith("map[")
        base = base[2:] if repeated else base[4:-1] if mapped else base
        if base in ("time", "microtime", "rawjson"):
            continue  # none under a JobSpec
        value = generate(messages, base, zeros, depth + 1) if base[0].isupper() else scalar_value(base, number, name, zeros)
        result[name] = [value] if repeated else {"key-" + name: value} if mapped else value
    return result


def cron_job(name, job_spec):
    return {"apiVersion": "batch/v1", "kind": "CronJob",
            "metadata": {"name": name, "namespace": "default", "uid": "c0000000-0000-0000-0000-00000000000%d" % len(name)},
            "spec": {"schedule": "* * * * *",
                     "jobTemplate": {"metadata": {"labels": {"case": name}}, "spec": job_spec}}}


def rbac_object(messages, kind, variant, zeros):
    """A manifest of `kind` with every field set; metadata stays plain so reconcile accepts it."""
    manifest = generate(messages, kind, zeros)
    manifest.update({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind,
                     "metadata": {"name": "%s-%s" % (kind.lower(), variant), "labels": {"case": variant}}})
    if kind in ("Role", "RoleBinding"):
        manifest["metadata"]["namespace"] = "default"
    return manifest


def write(path, document):
    with open(path, "w") as output:
        json.dump(document, output, indent=1, sort_keys=True)
        output.write("\n")


def main():
    messages = read_schema(sys.argv[1])
    for variant, zeros in (("zeros", True), ("values", False)):
        write(os.path.join(sys.argv[2], "apis_batch_v1_namespaces_default_cronjobs_%s.json" % variant),
              cron_job(variant, generate(messages, "JobSpec", zeros)))
        for kind in ("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"):
            write(os.path.join(sys.argv[2], "%s_%s.json" % (kind.lower(), variant)),
                  rbac_object(messages, kind, variant, zeros))


if __name__ == "__main__":
    main()
