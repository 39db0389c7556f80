// Unknown fields: what Kubernetes drops when it decodes a body into its Go types, and the
// strict-decoding message it answers with. Valid manifests, as people write them and as kubectl
// produces them, must come through untouched; typos must be found at Kubernetes' paths.

#include "apiserver/fieldpruning.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "api/resourcetypes.h"
#include "apiserver/openapischema.h"

namespace kubelab::apiserver {
namespace {

using Paths = std::vector<std::string>;

boost::json::object parseObject(std::string_view json) { return boost::json::parse(json).as_object(); }

// Prunes a manifest, naming its kind from its own apiVersion and kind, as a handler would.
Paths prune(boost::json::object& object) {
  return pruneUnknownFields(object.at("apiVersion").as_string(), object.at("kind").as_string(), object);
}

void expectUntouched(std::string_view json) {
  boost::json::object object = parseObject(json);
  const boost::json::object original = object;
  EXPECT_EQ(prune(object), Paths{}) << json;
  EXPECT_EQ(object, original);
}

constexpr std::string_view kNginxDeployment = R"json({
  "apiVersion": "apps/v1", "kind": "Deployment",
  "metadata": {"name": "nginx-deployment", "labels": {"app": "nginx"}},
  "spec": {
    "replicas": 3,
    "selector": {"matchLabels": {"app": "nginx"}},
    "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}},
    "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600, "minReadySeconds": 5,
    "template": {
      "metadata": {"labels": {"app": "nginx"}},
      "spec": {"containers": [{"name": "nginx", "image": "nginx:1.14.2", "ports": [{"containerPort": 80}]}]}
    }
  }
})json";

// `kubectl create deployment web --image=nginx --dry-run=client -o json`, verbatim from kubectl 1.32.
constexpr std::string_view kKubectlCreateDeployment = R"json({
    "kind": "Deployment",
    "apiVersion": "apps/v1",
    "metadata": {
        "name": "web",
        "creationTimestamp": null,
        "labels": {"app": "web"}
    },
    "spec": {
        "replicas": 1,
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
            "metadata": {"creationTimestamp": null, "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx", "resources": {}}]}
        },
        "strategy": {}
    },
    "status": {}
})json";

constexpr std::string_view kService = R"json({
  "apiVersion": "v1", "kind": "Service",
  "metadata": {"name": "web", "namespace": "default", "annotations": {"example.com/owner": "team-a"}},
  "spec": {
    "type": "NodePort", "selector": {"app": "web"},
    "ports": [{"name": "http", "protocol": "TCP", "port": 80, "targetPort": "http", "nodePort": 30080}],
    "clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"], "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
    "sessionAffinity": "ClientIP", "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 10800}},
    "externalTrafficPolicy": "Cluster", "internalTrafficPolicy": "Cluster"
  },
  "status": {"loadBalancer": {}}
})json";

constexpr std::string_view kFullPod = R"json({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {
    "name": "app", "namespace": "shop", "labels": {"app": "shop", "tier": "web"},
    "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "app-5d", "uid": "1234",
                         "controller": true, "blockOwnerDeletion": true}],
    "finalizers": ["example.com/cleanup"]
  },
  "spec": {
    "initContainers": [{"name": "migrate", "image": "busybox", "command": ["sh", "-c", "echo migrating"]}],
    "containers": [{
      "name": "web", "image": "nginx:1.25", "imagePullPolicy": "IfNotPresent",
      "command": ["nginx"], "args": ["-g", "daemon off;"], "workingDir": "/srv",
      "ports": [{"name": "http", "containerPort": 80, "protocol": "TCP"}],
      "env": [
        {"name": "MODE", "value": "production"},
        {"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
        {"name": "LEVEL", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "level", "optional": true}}},
        {"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}},
        {"name": "MEMORY", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1Mi"}}}
      ],
      "envFrom": [{"configMapRef": {"name": "cfg"}}, {"prefix": "DB_", "secretRef": {"name": "db"}}],
      "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": 1, "memory": "256Mi"}},
      "volumeMounts": [{"name": "data", "mountPath": "/data"}, {"name": "config", "mountPath": "/etc/app", "readOnly": true}],
      "livenessProbe": {"httpGet": {"path": "/healthz", "port": 80, "httpHeaders": [{"name": "X-Probe", "value": "1"}]},
                        "initialDelaySeconds": 5, "periodSeconds": 10, "failureThreshold": 3},
      "readinessProbe": {"tcpSocket": {"port": "http"}, "timeoutSeconds": 2},
      "startupProbe": {"exec": {"command": ["cat", "/tmp/ready"]}, "failureThreshold": 30},
      "lifecycle": {"preStop": {"exec": {"command": ["nginx", "-s", "quit"]}}, "postStart": {"sleep": {"seconds": 1}}},
      "securityContext": {"runAsNonRoot": true, "runAsUser": 1000, "allowPrivilegeEscalation": false,
                          "readOnlyRootFilesystem": true, "capabilities": {"drop": ["ALL"]},
                          "seccompProfile": {"type": "RuntimeDefault"}},
      "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"
    }],
    "volumes": [
      {"name": "data", "persistentVolumeClaim": {"claimName": "data"}},
      {"name": "config", "configMap": {"name": "cfg", "items": [{"key": "app.conf", "path": "app.conf"}], "defaultMode": 420}},
      {"name": "scratch", "emptyDir": {"medium": "Memory", "sizeLimit": "64Mi"}},
      {"name": "certs", "secret": {"secretName": "tls", "optional": false}},
      {"name": "info", "downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}},
      {"name": "host", "hostPath": {"path": "/var/log", "type": "Directory"}},
      {"name": "all", "projected": {"sources": [{"serviceAccountToken": {"path": "token", "expirationSeconds": 3600}},
                                                {"configMap": {"name": "cfg"}}]}}
    ],
    "affinity": {
      "nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchExpressions": [{"key": "disktype", "operator": "In", "values": ["ssd"]}]}]}},
      "podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 100, "podAffinityTerm": {
        "labelSelector": {"matchLabels": {"app": "shop"}}, "topologyKey": "kubernetes.io/hostname"}}]}
    },
    "tolerations": [{"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"},
                    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}],
    "securityContext": {"fsGroup": 2000, "runAsGroup": 3000, "seccompProfile": {"type": "RuntimeDefault"}},
    "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                                   "whenUnsatisfiable": "ScheduleAnyway", "labelSelector": {"matchLabels": {"app": "shop"}}}],
    "nodeSelector": {"kubernetes.io/os": "linux"}, "serviceAccountName": "shop", "restartPolicy": "Always",
    "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst", "schedulerName": "default-scheduler",
    "priority": 0, "enableServiceLinks": true, "preemptionPolicy": "PreemptLowerPriority",
    "hostAliases": [{"ip": "10.0.0.1", "hostnames": ["db.local"]}], "dnsConfig": {"nameservers": ["1.1.1.1"], "options": [{"name": "ndots", "value": "2"}]}
  },
  "status": {
    "phase": "Running", "podIP": "10.244.0.5", "podIPs": [{"ip": "10.244.0.5"}], "hostIP": "172.18.0.2",
    "qosClass": "Burstable", "startTime": "2024-05-01T12:00:00Z",
    "conditions": [{"type": "Ready", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2024-05-01T12:00:05Z"}],
    "containerStatuses": [{"name": "web", "ready": true, "restartCount": 0, "image": "nginx:1.25", "imageID": "sha256:abc",
                           "containerID": "containerd://abc", "started": true,
                           "state": {"running": {"startedAt": "2024-05-01T12:00:03Z"}}}]
  }
})json";

constexpr std::string_view kCronJob = R"json({
  "apiVersion": "batch/v1", "kind": "CronJob",
  "metadata": {"name": "hello"},
  "spec": {
    "schedule": "*/5 * * * *", "timeZone": "Etc/UTC", "concurrencyPolicy": "Forbid", "suspend": false,
    "startingDeadlineSeconds": 100, "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
    "jobTemplate": {"metadata": {"labels": {"job": "hello"}}, "spec": {
      "backoffLimit": 4, "completions": 1, "parallelism": 1, "ttlSecondsAfterFinished": 100, "activeDeadlineSeconds": 60,
      "template": {"spec": {"restartPolicy": "OnFailure", "containers": [
        {"name": "hello", "image": "busybox:1.28", "command": ["/bin/sh", "-c", "date; echo Hello"]}]}}
    }}
  },
  "status": {"lastScheduleTime": "2024-05-01T12:00:00Z", "active": [{"kind": "Job", "name": "hello-1", "namespace": "default"}]}
})json";

constexpr std::string_view kRole = R"json({
  "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
  "metadata": {"name": "pod-reader", "namespace": "default"},
  "rules": [{"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "watch", "list"]},
            {"apiGroups": ["apps"], "resources": ["deployments"], "resourceNames": ["web"], "verbs": ["get"]}]
})json";

constexpr std::string_view kClusterRole = R"json({
  "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
  "metadata": {"name": "monitoring"},
  "aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"rbac.example.com/aggregate-to-monitoring": "true"}}]},
  "rules": [{"nonResourceURLs": ["/metrics"], "verbs": ["get"]}]
})json";

constexpr std::string_view kRoleBinding = R"json({
  "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
  "metadata": {"name": "read-pods", "namespace": "default"},
  "subjects": [{"kind": "User", "name": "jane", "apiGroup": "rbac.authorization.k8s.io"},
               {"kind": "ServiceAccount", "name": "default", "namespace": "kube-system"}],
  "roleRef": {"kind": "Role", "name": "pod-reader", "apiGroup": "rbac.authorization.k8s.io"}
})json";

constexpr std::string_view kNode = R"json({
  "apiVersion": "v1", "kind": "Node",
  "metadata": {"name": "worker-1", "labels": {"kubernetes.io/hostname": "worker-1"}},
  "spec": {"podCIDR": "10.244.1.0/24", "podCIDRs": ["10.244.1.0/24"], "providerID": "kind://worker-1",
           "taints": [{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}], "unschedulable": false},
  "status": {
    "capacity": {"cpu": "4", "memory": "8Gi", "pods": "110"}, "allocatable": {"cpu": "4", "memory": "8Gi", "pods": "110"},
    "conditions": [{"type": "Ready", "status": "True", "lastHeartbeatTime": "2024-05-01T12:00:00Z",
                    "lastTransitionTime": "2024-05-01T11:00:00Z", "reason": "KubeletReady", "message": "kubelet is posting ready status"}],
    "addresses": [{"type": "InternalIP", "address": "172.18.0.3"}, {"type": "Hostname", "address": "worker-1"}],
    "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
    "nodeInfo": {"machineID": "m", "systemUUID": "s", "bootID": "b", "kernelVersion": "6.1", "osImage": "Debian",
                 "containerRuntimeVersion": "containerd://1.7", "kubeletVersion": "v1.32.0", "kubeProxyVersion": "v1.32.0",
                 "operatingSystem": "linux", "architecture": "amd64"},
    "images": [{"names": ["nginx:1.25"], "sizeBytes": 70000000}]
  }
})json";

TEST(FieldPruningTest, ValidManifestsAreUntouched) {
  for (std::string_view manifest : {kNginxDeployment, kKubectlCreateDeployment, kService, kFullPod, kCronJob, kRole,
                                    kClusterRole, kRoleBinding, kNode}) {
    expectUntouched(manifest);
  }
}

TEST(FieldPruningTest, FindsAndDropsATypoInAContainer) {
  boost::json::object pod = parseObject(R"json({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
      "spec": {"containers": [{"name": "a", "image": "busybox"}, {"name": "b", "imagee": "busybox"}]}})json");
  EXPECT_EQ(prune(pod), Paths{"spec.containers[1].imagee"});
  EXPECT_EQ(pod.at("spec").at("containers").at(1).as_object(), (boost::json::object{{"name", "b"}}));
}

TEST(FieldPruningTest, ReportsEveryUnknownFieldInDocumentOrder) {
  boost::json::object deployment = parseObject(kNginxDeployment);
  deployment["metadata"].as_object()["labelz"] = boost::json::object{{"a", "b"}};
  deployment["spec"].as_object()["replica"] = 2;
  auto& podSpec = deployment["spec"].as_object()["template"].as_object()["spec"].as_object();
  podSpec["containers"].as_array()[0].as_object()["ports"].as_array()[0].as_object()["port"] = 80;
  podSpec["restartpolicy"] = "Always";
  deployment["extra"] = true;
  // spec.replica was appended after spec.template, so it comes after the fields found inside it.
  EXPECT_EQ(prune(deployment), (Paths{"metadata.labelz", "spec.template.spec.containers[0].ports[0].port",
                                      "spec.template.spec.restartpolicy", "spec.replica", "extra"}));
  expectUntouched(boost::json::serialize(deployment));
}

TEST(FieldPruningTest, FieldNamesAreCaseSensitive) {
  boost::json::object pod = parseObject(R"json({"apiVersion": "v1", "kind": "Pod", "metadata": {"Name": "p"},
      "spec": {"containers": [{"name": "a", "Image": "busybox"}]}})json");
  EXPECT_EQ(prune(pod), (Paths{"metadata.Name", "spec.containers[0].Image"}));
}

TEST(FieldPruningTest, StatusIsPrunedToo) {
  boost::json::object node = parseObject(kNode);
  node["status"].as_object()["nodeInfo"].as_object()["kernel"] = "6.1";
  node["status"].as_object()["capacity"].as_object()["example.com/gpu"] = "2";
  EXPECT_EQ(prune(node), Paths{"status.nodeInfo.kernel"});
}

TEST(FieldPruningTest, FreeFormValuesKeepWhateverTheyHold) {
  expectUntouched(R"json({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"},
      "data": {"anything": "goes", "app.conf": "x=1"}, "binaryData": {"blob": "AAEC"}, "immutable": true})json");
  expectUntouched(R"json({"apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": {"name": "r"},
      "revision": 2, "data": {"spec": {"template": {"anything": {"nested": true}}}}})json");
  expectUntouched(R"json({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s",
      "managedFields": [{"manager": "kubectl", "operation": "Apply", "fieldsType": "FieldsV1",
                         "fieldsV1": {"f:data": {"f:password": {}}}}]},
      "type": "Opaque", "data": {"password": "cGFzcw=="}, "stringData": {"user": "admin"}})json");
}

TEST(FieldPruningTest, UnknownKindsAreLeftAlone) {
  boost::json::object widget = parseObject(R"json({"apiVersion": "example.com/v1", "kind": "Widget", "spec": {"x": 1}})json");
  EXPECT_EQ(prune(widget), Paths{});
  EXPECT_TRUE(widget.at("spec").as_object().contains("x"));
}

TEST(FieldPruningTest, StrictDecodingMessageReadsAsKubernetes) {
  EXPECT_EQ(strictDecodingMessage({"spec.containers[0].imagee"}),
            R"(strict decoding error: unknown field "spec.containers[0].imagee")");
  EXPECT_EQ(strictDecodingMessage({"metadata.labelz", "spec.foo"}),
            R"(strict decoding error: unknown field "metadata.labelz", unknown field "spec.foo")");
  EXPECT_EQ(unknownFieldMessage("spec.foo"), R"(unknown field "spec.foo")");
}

// Every structure a served kind reaches must list all of its Kubernetes fields, or pruning
// would drop valid fields beneath it (or let typos through).
TEST(FieldPruningTest, EveryTypeReachableFromAServedKindIsComplete) {
  const openapi::SchemaCatalog& catalog = openapi::builtinSchemaCatalog();
  EXPECT_EQ(catalog.problems(), std::vector<std::string>{});  // a malformed line would drop its type silently
  std::map<std::string, bool, std::less<>> reachable;
  for (const api::ResourceType& type : api::builtinResourceTypes()) {
    const openapi::SchemaDefinition* kind = catalog.findKind({type.group, type.version, type.kind});
    ASSERT_NE(kind, nullptr) << type.kind;
    catalog.collectReachable(kind->name, reachable);
  }
  std::vector<std::string> partial;
  for (const auto& [name, unused] : reachable) {
    const openapi::SchemaDefinition* definition = catalog.find(name);
    if (definition->shape == openapi::SchemaDefinition::Shape::Structure && !definition->complete) partial.push_back(name);
  }
  EXPECT_EQ(partial, std::vector<std::string>{});
}

}  // namespace
}  // namespace kubelab::apiserver
