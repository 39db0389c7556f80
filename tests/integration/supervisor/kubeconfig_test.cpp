// kubelabctl hands the user a working kubeconfig: the real kubectl, which no one here wrote,
// reaches the cluster through <state>/kubeconfig and through the context merged into the
// user's kubeconfig, across crashes and restarts, and `down --purge` takes the context out
// again. HOME and KUBECONFIG point into the test's temporary directory throughout.
#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kubelabctlharness.h"

namespace kubelab::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

std::string readFile(const fs::path& file) {
  std::ifstream input(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>());
}

unsigned permissionsOf(const fs::path& file) {
  struct stat status {};
  if (::stat(file.c_str(), &status) != 0) return 0;
  return status.st_mode & 07777;
}

std::vector<std::string> linesOf(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

class KubeconfigTest : public ::testing::TestWithParam<ClusterStore> {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<KubelabctlHarness>> harness = KubelabctlHarness::create(GetParam());
    ASSERT_TRUE(harness.isOk()) << harness.status().toString();
    harness_ = std::move(harness).value();
  }

  CommandResult expectSuccess(const std::vector<std::string>& arguments) {
    CommandResult result = harness_->run(arguments);
    EXPECT_EQ(result.exitCode, 0) << "kubelabctl " << arguments[0] << ": " << describe(result);
    return result;
  }

  // `kubectl get namespaces` through `selection` (--kubeconfig F or --context C), which must
  // list the namespaces every Kubernetes cluster starts with.
  void expectNamespaces(const std::vector<std::string>& selection) {
    std::vector<std::string> arguments = selection;
    arguments.insert(arguments.end(), {"get", "namespaces", "-o", "name"});
    CommandResult namespaces = harness_->kubectl(arguments);
    ASSERT_EQ(namespaces.exitCode, 0) << describe(namespaces);
    EXPECT_THAT(linesOf(namespaces.output),
                ::testing::IsSupersetOf({"namespace/default", "namespace/kube-system", "namespace/kube-public",
                                         "namespace/kube-node-lease"}));
  }

  std::unique_ptr<KubelabctlHarness> harness_;
};

TEST_P(KubeconfigTest, KubectlWorksThroughTheClusterKubeconfigAndTheMergedContext) {
  const fs::path state = harness_->stateDirectory();
  const fs::path kubeconfig = state / "kubeconfig";
  const fs::path userKubeconfig = harness_->home() / ".kube" / "config";
  CommandResult up = expectSuccess({"up", "--name", "alpha"});
  ASSERT_EQ(up.exitCode, 0);
  EXPECT_THAT(up.output, HasSubstr("Kubeconfig: " + kubeconfig.string()));
  EXPECT_THAT(up.output, HasSubstr("kubectl cluster-info --context kubelab-alpha"));
  EXPECT_EQ(permissionsOf(kubeconfig), 0600u);
  EXPECT_EQ(permissionsOf(userKubeconfig), 0600u) << "a new ~/.kube/config holds a private key";
  EXPECT_EQ(expectSuccess({"kubeconfig"}).output, kubeconfig.string() + "\n");

  expectNamespaces({"--kubeconfig", kubeconfig.string()});
  CommandResult version = harness_->kubectl({"--context", "kubelab-alpha", "version"});
  EXPECT_EQ(version.exitCode, 0) << describe(version);
  EXPECT_THAT(version.output, HasSubstr("Server Version"));
  CommandResult current = harness_->kubectl({"config", "current-context"});
  EXPECT_EQ(current.output, "kubelab-alpha\n") << describe(current);

  // kill -9 the API server: the supervisor restarts it and kubectl works again.
  Result<ComponentView> apiServer = harness_->component(state, "apiserver");
  ASSERT_TRUE(apiServer.isOk()) << apiServer.status().toString();
  ASSERT_EQ(::kill(apiServer->pid, SIGKILL), 0);
  ASSERT_TRUE(eventually(
      [&] {
        Result<ComponentView> restarted = harness_->component(state, "apiserver");
        return restarted && restarted->state == "running" && restarted->pid != apiServer->pid &&
               restarted->restarts == 1;
      },
      20s))
      << expectSuccess({"status"}).output;
  expectNamespaces({"--context", "kubelab-alpha"});

  // Resuming keeps the CA, so a kubeconfig copied before still works.
  const fs::path saved = harness_->root() / "saved-kubeconfig";
  fs::copy_file(kubeconfig, saved);
  const std::string authority = readFile(state / "pki" / "ca.crt");
  ASSERT_FALSE(authority.empty());
  expectSuccess({"down"});
  EXPECT_THAT(expectSuccess({"up"}).output, HasSubstr("Resumed cluster \"alpha\""));
  EXPECT_EQ(readFile(state / "pki" / "ca.crt"), authority);
  expectNamespaces({"--kubeconfig", saved.string()});

  CommandResult purged = expectSuccess({"down", "--purge"});
  EXPECT_THAT(purged.output, HasSubstr("Deleted context \"kubelab-alpha\" from " + userKubeconfig.string()));
  CommandResult contexts = harness_->kubectl({"config", "get-contexts", "-o", "name"});
  EXPECT_EQ(contexts.exitCode, 0) << describe(contexts);
  EXPECT_THAT(linesOf(contexts.output), Not(::testing::Contains("kubelab-alpha")));
  EXPECT_THAT(readFile(userKubeconfig), Not(HasSubstr("kubelab-alpha")));
}

INSTANTIATE_TEST_SUITE_P(Stores, KubeconfigTest, ::testing::Values(ClusterStore::KubelabStore, ClusterStore::Etcd),
                         [](const ::testing::TestParamInfo<ClusterStore>& parameter) {
                           return std::string(clusterStoreName(parameter.param));
                         });

// A user kubeconfig that already holds someone else's cluster, named by $KUBECONFIG.
constexpr const char* kForeignKubeconfig = R"(apiVersion: v1
kind: Config
clusters:
- name: elsewhere
  cluster:
    server: https://elsewhere.example:6443
    insecure-skip-tls-verify: true
users:
- name: elsewhere-user
  user:
    token: "12345"
contexts:
- name: elsewhere
  context:
    cluster: elsewhere
    user: elsewhere-user
    namespace: "007"
current-context: elsewhere
preferences: {}
)";

TEST(KubeconfigMergeTest, ClustersShareTheUserKubeconfigWithoutClobberingAnything) {
  Result<std::unique_ptr<KubelabctlHarness>> created = KubelabctlHarness::create(ClusterStore::KubelabStore);
  ASSERT_TRUE(created.isOk()) << created.status().toString();
  KubelabctlHarness& harness = **created;
  const fs::path userKubeconfig = harness.root() / "kube" / "custom-config";
  fs::create_directories(userKubeconfig.parent_path());
  std::ofstream(userKubeconfig) << kForeignKubeconfig;
  fs::permissions(userKubeconfig, fs::perms(0640), fs::perm_options::replace);
  harness.setKubeconfigVariable(userKubeconfig.string());
  auto contexts = [&] { return linesOf(harness.kubectl({"config", "get-contexts", "-o", "name"}).output); };
  auto run = [&](const std::vector<std::string>& arguments) {
    CommandResult result = harness.runWithDefaultStateDirectory(arguments);
    EXPECT_EQ(result.exitCode, 0) << describe(result);
    return result;
  };

  run({"up", "--name", "one"});
  EXPECT_THAT(run({"up", "--name", "two"}).output, HasSubstr("in " + userKubeconfig.string()));
  EXPECT_THAT(contexts(), UnorderedElementsAre("elsewhere", "kubelab-one", "kubelab-two"));
  EXPECT_EQ(harness.kubectl({"config", "current-context"}).output, "kubelab-two\n");
  for (const char* context : {"kubelab-one", "kubelab-two"}) {
    CommandResult version = harness.kubectl({"--context", context, "version"});
    EXPECT_EQ(version.exitCode, 0) << context << ": " << describe(version);
  }
  EXPECT_FALSE(fs::exists(harness.home() / ".kube" / "config")) << "KUBECONFIG names the file to merge into";
  EXPECT_EQ(permissionsOf(userKubeconfig), 0640u) << "an existing file keeps its mode";

  run({"down", "--name", "two", "--purge"});
  EXPECT_THAT(contexts(), UnorderedElementsAre("elsewhere", "kubelab-one"));
  EXPECT_NE(harness.kubectl({"config", "current-context"}).exitCode, 0) << "kind unsets a deleted current context";
  CommandResult one = harness.kubectl({"--context", "kubelab-one", "get", "namespace", "default"});
  EXPECT_EQ(one.exitCode, 0) << describe(one);

  run({"down", "--name", "one", "--purge"});
  EXPECT_THAT(contexts(), UnorderedElementsAre("elsewhere"));
  // The foreign entries survive with their values as the user wrote them: strings stay strings.
  CommandResult foreign = harness.kubectl(
      {"config", "view", "--raw", "-o", "jsonpath={.users[0].user.token} {.contexts[0].context.namespace} "
                                        "{.clusters[0].cluster.insecure-skip-tls-verify}"});
  EXPECT_EQ(foreign.output, "12345 007 true\n") << describe(foreign);
  EXPECT_THAT(harness.clusterProcesses(), ::testing::IsEmpty());
}

}  // namespace
}  // namespace kubelab::testing
