// Acceptance: the real kubectl against kubelab-apiserver, checking what a student sees.

#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "integration/apiserver/apiserverfixture.h"

namespace kubelab::testing {
namespace {

class KubectlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = ApiServerFixture::start();
    ASSERT_TRUE(started.isOk()) << started.status().toString();
    cluster_ = std::move(*started);
  }
  static void TearDownTestSuite() { cluster_.reset(); }

  // Runs kubectl and expects success; returns stdout.
  std::string ok(const std::vector<std::string>& arguments, const std::string& input = "") {
    CommandResult result = cluster_->kubectl(arguments, input);
    EXPECT_EQ(result.exitCode, 0) << "kubectl failed\nstdout:\n" << result.out << "\nstderr:\n" << result.err
                                  << "\napiserver log:\n" << cluster_->logTail();
    return result.out;
  }
  // Runs kubectl and expects failure; returns stderr.
  std::string fails(const std::vector<std::string>& arguments, const std::string& input = "") {
    CommandResult result = cluster_->kubectl(arguments, input);
    EXPECT_NE(result.exitCode, 0) << "kubectl unexpectedly succeeded\nstdout:\n" << result.out;
    return result.err;
  }

  static std::unique_ptr<ApiServerFixture> cluster_;
};

std::unique_ptr<ApiServerFixture> KubectlTest::cluster_;

const char* const podManifest = R"(apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    ports:
    - containerPort: 80
)";

std::string deploymentManifest(const std::string& name, const std::string& image, int replicas) {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\n  labels:\n    app: " + name +
         "\nspec:\n  replicas: " + std::to_string(replicas) + "\n  selector:\n    matchLabels:\n      app: " + name +
         "\n  template:\n    metadata:\n      labels:\n        app: " + name +
         "\n    spec:\n      containers:\n      - name: web\n        image: " + image + "\n        ports:\n"
         "        - containerPort: 80\n";
}

TEST_F(KubectlTest, GetNamespacesShowsTheBootstrapNamespaces) {
  std::string out = ok({"get", "namespaces"});
  EXPECT_TRUE(std::regex_search(out, std::regex(R"(^NAME\s+STATUS\s+AGE\n)"))) << out;
  for (const char* name : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
    EXPECT_TRUE(std::regex_search(out, std::regex(std::string("\n") + name + R"(\s+Active\s+\d+s)"))) << out;
  }
}

TEST_F(KubectlTest, CreateGetAndDeleteAPod) {
  EXPECT_EQ(ok({"create", "-f", "-"}, podManifest), "pod/web created\n");
  std::string table = ok({"get", "pods"});
  EXPECT_TRUE(std::regex_search(table, std::regex(R"(NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nweb\s+0/1\s+Pending\s+0\s+\d+s)")))
      << table;
  std::string yaml = ok({"get", "pod", "web", "-o", "yaml"});
  EXPECT_NE(yaml.find("restartPolicy: Always"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("imagePullPolicy: IfNotPresent"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("uid: "), std::string::npos) << yaml;
  EXPECT_EQ(ok({"get", "pod", "web", "-o", "jsonpath={.spec.containers[0].image}"}), "nginx:1.25");
  std::string json = ok({"get", "pod", "web", "-o", "json"});
  EXPECT_NE(json.find("\"kind\": \"Pod\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"qosClass\": \"BestEffort\""), std::string::npos) << json;
  std::string wide = ok({"get", "pods", "-o", "wide"});
  EXPECT_TRUE(std::regex_search(wide, std::regex(R"(NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\nweb\s+0/1\s+Pending\s+0\s+\d+s\s+<none>\s+<none>\s+<none>\s+<none>)")))
      << wide;
  EXPECT_EQ(ok({"delete", "pod", "web"}), "pod \"web\" deleted\n");
  EXPECT_EQ(fails({"get", "pod", "web"}), "Error from server (NotFound): pods \"web\" not found\n");
}

TEST_F(KubectlTest, ANamespaceWaitsForItsFinalizerBeforeItGoes) {
  ok({"create", "namespace", "leaving"});
  EXPECT_EQ(ok({"get", "namespace", "leaving", "-o", "jsonpath={.spec.finalizers}"}), R"(["kubernetes"])");
  ok({"delete", "namespace", "leaving", "--wait=false"});
  EXPECT_EQ(ok({"get", "namespace", "leaving", "-o", "jsonpath={.status.phase}"}), "Terminating");
  // A plain update cannot drop the finalizer; the finalize subresource (the namespace
  // controller's way) can, and then the namespace goes.
  ok({"label", "namespace", "leaving", "tried=yes"});
  EXPECT_EQ(ok({"get", "namespace", "leaving", "-o", "jsonpath={.spec.finalizers}"}), R"(["kubernetes"])");
  std::string current = ok({"get", "namespace", "leaving", "-o", "json"});
  std::string finalized = std::regex_replace(current, std::regex(R"("finalizers": \[\s*"kubernetes"\s*\])"),
                                             R"("finalizers": [])");
  ok({"replace", "--raw", "/api/v1/namespaces/leaving/finalize", "-f", "-"}, finalized);
  EXPECT_EQ(fails({"get", "namespace", "leaving"}), "Error from server (NotFound): namespaces \"leaving\" not found\n");
}

TEST_F(KubectlTest, CreatingTwiceSaysAlreadyExists) {
  ok({"create", "namespace", "twice"});
  EXPECT_EQ(fails({"create", "namespace", "twice"}),
            "Error from server (AlreadyExists): namespaces \"twice\" already exists\n");
}

TEST_F(KubectlTest, ApplyCreatesThenConfiguresThenLeavesUnchanged) {
  EXPECT_EQ(ok({"apply", "-f", "-"}, deploymentManifest("shop", "nginx:1.24", 3)), "deployment.apps/shop created\n");
  EXPECT_EQ(ok({"apply", "-f", "-"}, deploymentManifest("shop", "nginx:1.24", 3)), "deployment.apps/shop unchanged\n");
  EXPECT_EQ(ok({"apply", "-f", "-"}, deploymentManifest("shop", "nginx:1.25", 3)), "deployment.apps/shop configured\n");
  EXPECT_EQ(ok({"get", "deployment", "shop", "-o", "jsonpath={.spec.template.spec.containers[0].image}"}), "nginx:1.25");
  EXPECT_EQ(ok({"get", "deployment", "shop", "-o", "jsonpath={.metadata.generation}"}), "2");
  std::string table = ok({"get", "deployments"});
  EXPECT_TRUE(std::regex_search(table, std::regex(R"(NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nshop\s+0/3\s+0\s+0\s+\d+s)")))
      << table;
}

TEST_F(KubectlTest, ScaleLabelAnnotateAndPatch) {
  ok({"apply", "-f", "-"}, deploymentManifest("scaled", "nginx:1.25", 1));
  EXPECT_EQ(ok({"scale", "deployment", "scaled", "--replicas=5"}), "deployment.apps/scaled scaled\n");
  EXPECT_EQ(ok({"get", "deployment", "scaled", "-o", "jsonpath={.spec.replicas}"}), "5");
  EXPECT_EQ(ok({"label", "deployment", "scaled", "tier=frontend"}), "deployment.apps/scaled labeled\n");
  EXPECT_EQ(ok({"annotate", "deployment", "scaled", "owner=class"}), "deployment.apps/scaled annotated\n");
  EXPECT_EQ(ok({"get", "deployments", "-l", "tier=frontend", "-o", "name"}), "deployment.apps/scaled\n");
  EXPECT_EQ(ok({"patch", "deployment", "scaled", "-p", R"({"spec":{"replicas":2}})"}), "deployment.apps/scaled patched\n");
  EXPECT_EQ(ok({"patch", "deployment", "scaled", "--type=merge", "-p", R"({"metadata":{"labels":{"tier":null}}})"}),
            "deployment.apps/scaled patched\n");
  EXPECT_EQ(ok({"patch", "deployment", "scaled", "--type=json", "-p",
                R"([{"op":"replace","path":"/spec/replicas","value":4}])"}),
            "deployment.apps/scaled patched\n");
  EXPECT_EQ(ok({"get", "deployment", "scaled", "-o", "jsonpath={.spec.replicas} {.metadata.labels.tier}"}), "4 ");
}

TEST_F(KubectlTest, InvalidObjectsAreRejectedWithTheFieldsToFix) {
  std::string noImage = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\nspec:\n  containers:\n  - name: c\n";
  std::string error = fails({"create", "-f", "-"}, noImage);
  EXPECT_NE(error.find("The Pod \"broken\" is invalid: spec.containers[0].image: Required value"), std::string::npos)
      << error;
  std::string badSelector = deploymentManifest("mismatch", "nginx", 1);
  badSelector.replace(badSelector.find("app: mismatch\n  template"), 13, "app: other");
  error = fails({"apply", "-f", "-"}, badSelector);
  EXPECT_NE(error.find("`selector` does not match template `labels`"), std::string::npos) << error;
}

TEST_F(KubectlTest, UnknownFieldsAreRefusedOrWarnedAboutAndNeverStored) {
  std::string typo = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: typo\nspec:\n  containers:\n  - name: c\n"
                     "    image: busybox\n    imagee: busybox\n";
  EXPECT_EQ(fails({"apply", "-f", "-"}, typo),
            "Error from server (BadRequest): error when creating \"STDIN\": Pod in version \"v1\" cannot be handled as a "
            "Pod: strict decoding error: unknown field \"spec.containers[0].imagee\"\n");
  CommandResult warned = cluster_->kubectl({"apply", "--validate=warn", "-f", "-"}, typo);
  EXPECT_EQ(warned.exitCode, 0) << warned.err;
  EXPECT_NE(warned.err.find("Warning: unknown field \"spec.containers[0].imagee\""), std::string::npos) << warned.err;
  EXPECT_EQ(ok({"get", "pod", "typo", "-o", "jsonpath={.spec.containers[0].imagee}"}), "");
}

TEST_F(KubectlTest, ServicesGetAClusterIpAndNodePorts) {
  ok({"create", "deployment", "exposed", "--image=nginx:1.25"});
  EXPECT_EQ(ok({"expose", "deployment", "exposed", "--port=80", "--type=NodePort"}), "service/exposed exposed\n");
  std::string table = ok({"get", "service", "exposed"});
  EXPECT_TRUE(std::regex_search(
      table, std::regex(R"(exposed\s+NodePort\s+127\.96\.\d+\.\d+\s+<none>\s+80:3\d{4}/TCP\s+\d+s)")))
      << table;
  // Changing the Service right away keeps its own NodePort (it must not count as taken by another).
  std::string nodePort = ok({"get", "service", "exposed", "-o", "jsonpath={.spec.ports[0].nodePort}"});
  EXPECT_EQ(ok({"annotate", "service", "exposed", "team=web"}), "service/exposed annotated\n");
  EXPECT_EQ(ok({"get", "service", "exposed", "-o", "jsonpath={.spec.ports[0].nodePort}"}), nodePort);
}

TEST_F(KubectlTest, AQuotaRejectsTheExtraPodAndALimitRangeFillsInResources) {
  ok({"create", "namespace", "quota"});
  ok({"-n", "quota", "create", "quota", "pods", "--hard=pods=1"});
  ok({"-n", "quota", "run", "first", "--image=nginx:1.25"});
  EXPECT_EQ(fails({"-n", "quota", "run", "second", "--image=nginx:1.25"}),
            "Error from server (Forbidden): pods \"second\" is forbidden: exceeded quota: pods, requested: pods=1, "
            "used: pods=1, limited: pods=1\n");
  ok({"create", "namespace", "limited"});
  ok({"apply", "-f", "-"}, "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: cpu\n  namespace: limited\nspec:\n"
                          "  limits:\n  - type: Container\n    default:\n      cpu: 500m\n    defaultRequest:\n"
                          "      cpu: 100m\n");
  ok({"-n", "limited", "run", "filled", "--image=nginx:1.25"});
  EXPECT_EQ(ok({"-n", "limited", "get", "pod", "filled", "-o", "jsonpath={.spec.containers[0].resources}"}),
            R"({"limits":{"cpu":"500m"},"requests":{"cpu":"100m"}})");
}

TEST_F(KubectlTest, ReplaceNeedsTheCurrentVersion) {
  ok({"create", "configmap", "settings", "--from-literal=color=blue"});
  std::string current = ok({"get", "configmap", "settings", "-o", "yaml"});
  std::string changed = std::regex_replace(current, std::regex("color: blue"), "color: green");
  EXPECT_EQ(ok({"replace", "-f", "-"}, changed), "configmap/settings replaced\n");
  // The same (now stale) resourceVersion again: a conflict, as on a real cluster.
  std::string error = fails({"replace", "-f", "-"}, changed);
  EXPECT_NE(error.find("Error from server (Conflict)"), std::string::npos) << error;
  EXPECT_NE(error.find("the object has been modified; please apply your changes to the latest version and try again"),
            std::string::npos)
      << error;
}

TEST_F(KubectlTest, AuthCanIFollowsRbac) {
  EXPECT_EQ(ok({"auth", "can-i", "create", "pods"}), "yes\n");
  std::vector<std::string> asViewer{"--kubeconfig", cluster_->kubeconfigForToken(ApiServerFixture::viewerToken).string()};
  CommandResult viewer = runCommand({"/usr/bin/kubectl", "--kubeconfig", asViewer[1], "auth", "can-i", "create", "pods"});
  EXPECT_EQ(viewer.out, "no\n");
  CommandResult denied = runCommand({"/usr/bin/kubectl", "--kubeconfig", asViewer[1], "get", "pods"});
  EXPECT_NE(denied.exitCode, 0);
  EXPECT_EQ(denied.err, "Error from server (Forbidden): pods is forbidden: User \"viewer\" cannot list resource \"pods\" "
                        "in API group \"\" in the namespace \"default\"\n");
}

TEST_F(KubectlTest, RolesGrantWhatTheySayThroughImpersonation) {
  ok({"create", "role", "pod-reader", "--verb=get", "--resource=pods"});
  ok({"create", "rolebinding", "alice-reads", "--role=pod-reader", "--user=alice"});
  EXPECT_EQ(ok({"auth", "can-i", "get", "pods", "--as=alice"}), "yes\n");
  CommandResult denied = cluster_->kubectl({"auth", "can-i", "delete", "pods", "--as=alice"});
  EXPECT_EQ(denied.out, "no\n");
  EXPECT_EQ(fails({"delete", "pod", "anything", "--as=alice"}),
            "Error from server (Forbidden): pods \"anything\" is forbidden: User \"alice\" cannot delete resource "
            "\"pods\" in API group \"\" in the namespace \"default\"\n");
}

TEST_F(KubectlTest, ANamespaceAdminCannotGrantWhatTheyDoNotHold) {
  ok({"create", "namespace", "team"});
  ok({"-n", "team", "create", "rolebinding", "carol-admin", "--clusterrole=admin", "--user=carol"});
  std::string error = fails({"--as=carol", "-n", "team", "create", "rolebinding", "grab", "--clusterrole=cluster-admin",
                             "--user=carol"});
  EXPECT_NE(error.find("is attempting to grant RBAC permissions not currently held"), std::string::npos) << error;
  error = fails({"--as=carol", "-n", "team", "create", "role", "everything", "--verb=*", "--resource=*"});
  EXPECT_NE(error.find("is attempting to grant RBAC permissions not currently held"), std::string::npos) << error;
  ok({"--as=carol", "-n", "team", "create", "role", "reader", "--verb=get", "--resource=pods"});
  // A cluster-scoped resource has no namespaced path, whatever a RoleBinding grants there.
  CommandResult namespaced = cluster_->kubectl(
      {"--as=carol", "get", "--raw", "/apis/rbac.authorization.k8s.io/v1/namespaces/team/clusterrolebindings"});
  EXPECT_NE(namespaced.exitCode, 0);
  EXPECT_NE(namespaced.err.find("NotFound"), std::string::npos) << namespaced.err;
}

TEST_F(KubectlTest, UnknownCredentialsAreUnauthorized) {
  std::string bogus = cluster_->kubeconfigForToken("not-a-token").string();
  CommandResult result = runCommand({"/usr/bin/kubectl", "--kubeconfig", bogus, "get", "pods"});
  EXPECT_NE(result.exitCode, 0);
  EXPECT_NE(result.err.find("error: You must be logged in to the server (Unauthorized)"), std::string::npos) << result.err;
}

TEST_F(KubectlTest, ExplainAndDescribeReadAsOnARealCluster) {
  std::string explained = ok({"explain", "deployment.spec.replicas"});
  EXPECT_NE(explained.find("GROUP:      apps"), std::string::npos) << explained;
  EXPECT_NE(explained.find("FIELD: replicas <integer>"), std::string::npos) << explained;
  ok({"apply", "-f", "-"}, deploymentManifest("described", "nginx:1.25", 2));
  std::string described = ok({"describe", "deployment", "described"});
  EXPECT_TRUE(std::regex_search(described, std::regex(R"(Replicas:\s+2 desired \| 0 updated \| 0 total)"))) << described;
  EXPECT_TRUE(std::regex_search(described, std::regex(R"(RollingUpdateStrategy:\s+25% max unavailable, 25% max surge)")))
      << described;
}

TEST_F(KubectlTest, WatchPrintsEachChangeAsItHappens) {
  ok({"create", "namespace", "watched"});
  std::string kubeconfig = cluster_->kubeconfig().string();
  CommandResult watched;
  std::thread watcher([&] {
    watched = runCommand({"/usr/bin/kubectl", "--kubeconfig", kubeconfig, "-n", "watched", "get", "configmaps", "-w",
                          "--request-timeout=4s"},
                         "", 20);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ok({"-n", "watched", "create", "configmap", "first", "--from-literal=a=b"});
  ok({"-n", "watched", "create", "configmap", "second", "--from-literal=a=b"});
  watcher.join();
  EXPECT_TRUE(std::regex_search(watched.out, std::regex(R"(NAME\s+DATA\s+AGE\nfirst\s+1\s+\d+s\nsecond\s+1\s+\d+s)")))
      << watched.out << watched.err;
}

TEST_F(KubectlTest, BothEventApisShowTheSameEvents) {
  ok({"apply", "-f", "-"}, "apiVersion: events.k8s.io/v1\nkind: Event\nmetadata:\n  name: through-events-api\n"
                          "regarding:\n  kind: Pod\n  name: web\n  namespace: default\nreason: Tested\n"
                          "note: written through events.k8s.io\ntype: Normal\naction: Testing\n"
                          "reportingController: kubelab/test\nreportingInstance: test-1\n"
                          "eventTime: \"2026-01-01T00:00:00.000000Z\"\n");
  EXPECT_EQ(ok({"get", "event", "through-events-api", "-o", "jsonpath={.message} {.involvedObject.name}"}),
            "written through events.k8s.io web");
  ok({"apply", "-f", "-"}, "apiVersion: v1\nkind: Event\nmetadata:\n  name: through-core\ninvolvedObject:\n"
                          "  kind: Pod\n  name: db\n  namespace: default\nreason: Core\nmessage: written through core\n"
                          "type: Warning\nsource:\n  component: test\n");
  EXPECT_EQ(ok({"get", "events.v1.events.k8s.io", "through-core", "-o", "jsonpath={.note} {.regarding.name}"}),
            "written through core db");
}

TEST_F(KubectlTest, AnOlderKubectlWorksToo) {
  const std::string older = "/usr/lib/google-cloud-sdk/bin/kubectl.1.29";
  CommandResult result = cluster_->kubectl({"get", "namespaces", "-o", "name"}, "", older);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("namespace/kube-system"), std::string::npos) << result.out;
}

TEST(KubectlOnEtcdTest, TheApiServerRunsUnchangedOnARealEtcd) {
  auto started = ApiServerFixture::start(StoreKind::Etcd);
  ASSERT_TRUE(started.isOk()) << started.status().toString();
  ApiServerFixture& cluster = **started;
  CommandResult created = cluster.kubectl({"apply", "-f", "-"}, deploymentManifest("on-etcd", "nginx:1.25", 2));
  EXPECT_EQ(created.out, "deployment.apps/on-etcd created\n") << created.err;
  CommandResult scaled = cluster.kubectl({"scale", "deployment", "on-etcd", "--replicas=3"});
  EXPECT_EQ(scaled.out, "deployment.apps/on-etcd scaled\n") << scaled.err;
  CommandResult replicas = cluster.kubectl({"get", "deployment", "on-etcd", "-o", "jsonpath={.spec.replicas}"});
  EXPECT_EQ(replicas.out, "3") << replicas.err;
  CommandResult namespaces = cluster.kubectl({"get", "namespaces", "-o", "name"});
  EXPECT_NE(namespaces.out.find("namespace/kube-system"), std::string::npos) << namespaces.err;
}

}  // namespace
}  // namespace kubelab::testing
