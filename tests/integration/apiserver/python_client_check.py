"""Everyday workflows through the official Kubernetes Python client against kubelab-apiserver.

Run by python_client_test.cpp as: /usr/bin/python3 python_client_check.py KUBECONFIG
Prints one line per check and exits non-zero on the first failure.
"""
import sys
import threading
import time

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException


def check(condition, what):
    if not condition:
        print("FAILED: " + what)
        sys.exit(1)
    print("ok: " + what)


def main(kubeconfig):
    config.load_kube_config(config_file=kubeconfig)
    core = client.CoreV1Api()
    apps = client.AppsV1Api()
    namespace = "python-client"

    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=namespace)))
    names = [ns.metadata.name for ns in core.list_namespace().items]
    check(namespace in names and "kube-system" in names, "create and list namespaces")

    body = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="settings", labels={"app": "demo"}),
                              data={"color": "blue"})
    created = core.create_namespaced_config_map(namespace, body)
    check(created.metadata.uid and created.metadata.resource_version, "create a ConfigMap: uid and resourceVersion set")
    read = core.read_namespaced_config_map("settings", namespace)
    check(read.data == {"color": "blue"}, "read it back")

    read.data["color"] = "green"
    updated = core.replace_namespaced_config_map("settings", namespace, read)
    check(updated.data["color"] == "green", "replace it")
    try:
        core.replace_namespaced_config_map("settings", namespace, read)  # read's resourceVersion is now stale
        check(False, "a stale update is refused")
    except ApiException as error:
        check(error.status == 409, "a stale update is refused with 409 Conflict")

    patched = core.patch_namespaced_config_map("settings", namespace, {"data": {"size": "large"}})
    check(patched.data == {"color": "green", "size": "large"}, "strategic merge patch")

    listed = core.list_namespaced_config_map(namespace, label_selector="app=demo")
    check([c.metadata.name for c in listed.items] == ["settings"], "list with a label selector")

    def create_later():
        time.sleep(0.5)
        core.create_namespaced_config_map(namespace, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="later")))

    threading.Thread(target=create_later).start()
    seen = []
    stream = watch.Watch().stream(core.list_namespaced_config_map, namespace,
                                  resource_version=listed.metadata.resource_version, timeout_seconds=10)
    for event in stream:
        seen.append((event["type"], event["object"].metadata.name))
        if ("ADDED", "later") in seen:
            break
    check(("ADDED", "later") in seen and ("ADDED", "settings") not in seen,
          "watch from the list's resourceVersion sees only what came after (saw %s)" % seen)

    deployment = client.V1Deployment(
        metadata=client.V1ObjectMeta(name="web"),
        spec=client.V1DeploymentSpec(
            replicas=2,
            selector=client.V1LabelSelector(match_labels={"app": "web"}),
            template=client.V1PodTemplateSpec(
                metadata=client.V1ObjectMeta(labels={"app": "web"}),
                spec=client.V1PodSpec(containers=[client.V1Container(name="web", image="nginx:1.25")]))))
    apps.create_namespaced_deployment(namespace, deployment)
    scale = apps.read_namespaced_deployment_scale("web", namespace)
    check(scale.spec.replicas == 2, "read a Deployment's scale subresource")
    apps.patch_namespaced_deployment_scale("web", namespace, {"spec": {"replicas": 4}})
    check(apps.read_namespaced_deployment("web", namespace).spec.replicas == 4, "scale through the subresource")

    try:
        core.read_namespaced_config_map("missing", namespace)
        check(False, "reading a missing object fails")
    except ApiException as error:
        check(error.status == 404, "reading a missing object is 404 Not Found")

    core.delete_namespaced_config_map("settings", namespace)
    check([c.metadata.name for c in core.list_namespaced_config_map(namespace).items] == ["later"], "delete")


if __name__ == "__main__":
    main(sys.argv[1])
