// Writing, merging and pruning kubeconfigs as kind does, without a cluster. The integration
// tests check the same files with the real kubectl.
#include "supervisor/kubeconfigfile.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "common/base64.h"
#include "scratchdirectory.h"

namespace kubelab::supervisor {
namespace {

namespace fs = std::filesystem;

std::string readFile(const fs::path& file) {
  std::ifstream input(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>());
}

::testing::AssertionResult succeeded(const Status& status) {
  if (status.isOk()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << status.toString();
}

unsigned permissionsOf(const fs::path& file) {
  struct stat status {};
  return ::stat(file.c_str(), &status) == 0 ? (status.st_mode & 07777) : 0;
}

KubeconfigEntry entryNamed(const std::string& name, const std::string& server = "https://127.0.0.1:6443") {
  return KubeconfigEntry{name, server, "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n",
                         "-----BEGIN CERTIFICATE-----\nADMIN\n-----END CERTIFICATE-----\n",
                         "-----BEGIN EC PRIVATE KEY-----\nKEY\n-----END EC PRIVATE KEY-----\n"};
}

// The names in one of a kubeconfig's lists ("clusters", "users", "contexts").
std::vector<std::string> namesIn(const YAML::Node& document, const char* list) {
  std::vector<std::string> names;
  for (const YAML::Node& item : document[list]) names.push_back(item["name"].as<std::string>());
  return names;
}

// Sets or unsets an environment variable for one test, restoring it afterwards.
class ScopedVariable {
 public:
  ScopedVariable(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) previous_ = old;
    if (value) ::setenv(name, value->c_str(), 1);
    else ::unsetenv(name);
  }
  ~ScopedVariable() {
    if (previous_) ::setenv(name_, previous_->c_str(), 1);
    else ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> previous_;
};

class KubeconfigFileTest : public ::testing::Test {
 protected:
  fs::path file(const std::string& name) const { return directory_->path() / name; }
  std::unique_ptr<kubelab::testing::TemporaryDirectory> directory_ = scratchDirectory();
};

TEST_F(KubeconfigFileTest, WritesAPrivateKubeconfigAsKindDoes) {
  ASSERT_TRUE(succeeded(writeKubeconfig(file("kubeconfig"), entryNamed("kubelab-demo"))));
  EXPECT_EQ(permissionsOf(file("kubeconfig")), 0600u);
  YAML::Node document = YAML::LoadFile(file("kubeconfig").string());
  EXPECT_EQ(document["apiVersion"].as<std::string>(), "v1");
  EXPECT_EQ(document["kind"].as<std::string>(), "Config");
  EXPECT_EQ(document["current-context"].as<std::string>(), "kubelab-demo");
  const YAML::Node cluster = document["clusters"][0];
  EXPECT_EQ(cluster["name"].as<std::string>(), "kubelab-demo");
  EXPECT_EQ(cluster["cluster"]["server"].as<std::string>(), "https://127.0.0.1:6443");
  EXPECT_EQ(base64Decode(cluster["cluster"]["certificate-authority-data"].as<std::string>()),
            entryNamed("x").certificateAuthorityPem);
  const YAML::Node user = document["users"][0];
  EXPECT_EQ(user["name"].as<std::string>(), "kubelab-demo");
  EXPECT_EQ(base64Decode(user["user"]["client-certificate-data"].as<std::string>()), entryNamed("x").clientCertificatePem);
  EXPECT_EQ(base64Decode(user["user"]["client-key-data"].as<std::string>()), entryNamed("x").clientKeyPem);
  const YAML::Node context = document["contexts"][0];
  EXPECT_EQ(context["name"].as<std::string>(), "kubelab-demo");
  EXPECT_EQ(context["context"]["cluster"].as<std::string>(), "kubelab-demo");
  EXPECT_EQ(context["context"]["user"].as<std::string>(), "kubelab-demo");
}

TEST_F(KubeconfigFileTest, MergingCreatesAMissingFileWithItsDirectory) {
  const fs::path config = file("home/.kube/config");
  ASSERT_TRUE(succeeded(mergeIntoKubeconfig(config, entryNamed("kubelab-one"))));
  EXPECT_EQ(permissionsOf(config), 0600u);
  EXPECT_EQ(YAML::LoadFile(config.string())["current-context"].as<std::string>(), "kubelab-one");
  EXPECT_FALSE(fs::exists(config.string() + ".lock"));
}

TEST_F(KubeconfigFileTest, MergingReplacesOnlyItsOwnEntriesAndKeepsEverythingElseAsWritten) {
  const fs::path config = file("config");
  std::ofstream(config) << "apiVersion: v1\nkind: Config\n"
                           "clusters:\n- name: other\n  cluster:\n    server: https://other:6443\n"
                           "    insecure-skip-tls-verify: true\n    extensions: [{name: x, extension: {a: 1}}]\n"
                           "users:\n- name: other\n  user:\n    token: \"12345\"\n"
                           "    exec: {apiVersion: client.authentication.k8s.io/v1, command: gke, "
                           "env: [{name: DEBUG, value: 'true'}]}\n"
                           "contexts:\n- name: other\n  context: {cluster: other, user: other, namespace: \"007\"}\n"
                           "current-context: other\npreferences: {}\nunknown-field: kept\n";
  ::chmod(config.c_str(), 0640);
  ASSERT_TRUE(succeeded(mergeIntoKubeconfig(config, entryNamed("kubelab-one", "https://127.0.0.1:1111"))));
  ASSERT_TRUE(succeeded(mergeIntoKubeconfig(config, entryNamed("kubelab-two"))));
  ASSERT_TRUE(succeeded(mergeIntoKubeconfig(config, entryNamed("kubelab-one", "https://127.0.0.1:2222"))));

  EXPECT_EQ(permissionsOf(config), 0640u);
  YAML::Node document = YAML::LoadFile(config.string());
  EXPECT_EQ(namesIn(document, "clusters"), (std::vector<std::string>{"other", "kubelab-one", "kubelab-two"}));
  EXPECT_EQ(namesIn(document, "users"), (std::vector<std::string>{"other", "kubelab-one", "kubelab-two"}));
  EXPECT_EQ(namesIn(document, "contexts"), (std::vector<std::string>{"other", "kubelab-one", "kubelab-two"}));
  EXPECT_EQ(document["clusters"][1]["cluster"]["server"].as<std::string>(), "https://127.0.0.1:2222");
  EXPECT_EQ(document["current-context"].as<std::string>(), "kubelab-one");
  EXPECT_EQ(document["unknown-field"].as<std::string>(), "kept");
  EXPECT_EQ(document["clusters"][0]["cluster"]["extensions"][0]["extension"]["a"].as<int>(), 1);
  // Quoted values stay quoted, or kubectl would read a number or a bool where it wants text.
  const std::string text = readFile(config);
  EXPECT_NE(text.find("token: \"12345\""), std::string::npos) << text;
  EXPECT_NE(text.find("namespace: \"007\""), std::string::npos) << text;
  EXPECT_NE(text.find("value: \"true\""), std::string::npos) << text;
  EXPECT_NE(text.find("insecure-skip-tls-verify: true\n"), std::string::npos) << text;
}

TEST_F(KubeconfigFileTest, RemovingTakesOutTheThreeEntriesAndAnyCurrentContextNamingThem) {
  const fs::path config = file("config");
  ASSERT_TRUE(succeeded(mergeIntoKubeconfig(config, entryNamed("kubelab-one"))));
  ASSERT_TRUE(succeeded(mergeIntoKubeconfig(config, entryNamed("kubelab-two"))));

  Result<bool> removedOne = removeFromKubeconfig(config, "kubelab-one");
  ASSERT_TRUE(removedOne.isOk()) << removedOne.status().toString();
  EXPECT_TRUE(*removedOne);
  YAML::Node document = YAML::LoadFile(config.string());
  EXPECT_EQ(namesIn(document, "clusters"), std::vector<std::string>{"kubelab-two"});
  EXPECT_EQ(namesIn(document, "users"), std::vector<std::string>{"kubelab-two"});
  EXPECT_EQ(namesIn(document, "contexts"), std::vector<std::string>{"kubelab-two"});
  EXPECT_EQ(document["current-context"].as<std::string>(), "kubelab-two") << "another context stays current";

  const std::string before = readFile(config);
  EXPECT_FALSE(removeFromKubeconfig(config, "kubelab-one").value());
  EXPECT_EQ(readFile(config), before);

  EXPECT_TRUE(removeFromKubeconfig(config, "kubelab-two").value());
  document = YAML::LoadFile(config.string());
  EXPECT_EQ(document["current-context"].as<std::string>(), "");
  EXPECT_TRUE(document["clusters"].IsSequence());
  EXPECT_EQ(document["clusters"].size(), 0u);

  EXPECT_FALSE(removeFromKubeconfig(file("missing"), "kubelab-one").value());
  EXPECT_FALSE(fs::exists(file("missing")));
}

TEST_F(KubeconfigFileTest, AFileThatIsNotAKubeconfigIsLeftAlone) {
  for (const char* contents : {"clusters: [unclosed\n", "- just\n- a list\n"}) {
    const fs::path config = file("broken");
    std::ofstream(config) << contents;
    Status merged = mergeIntoKubeconfig(config, entryNamed("kubelab-one"));
    EXPECT_EQ(merged.code(), StatusCode::Invalid) << contents;
    EXPECT_NE(merged.message().find(config.string()), std::string::npos) << merged.message();
    EXPECT_EQ(readFile(config), contents);
    EXPECT_FALSE(fs::exists(config.string() + ".lock"));
  }
}

TEST_F(KubeconfigFileTest, AnEmptyFileBecomesAKubeconfig) {
  const fs::path config = file("empty");
  std::ofstream(config) << "";
  ASSERT_TRUE(succeeded(mergeIntoKubeconfig(config, entryNamed("kubelab-one"))));
  EXPECT_EQ(namesIn(YAML::LoadFile(config.string()), "contexts"), std::vector<std::string>{"kubelab-one"});
}

TEST_F(KubeconfigFileTest, ASymlinkedKubeconfigStaysASymlink) {
  const fs::path target = file("dotfiles/kubeconfig");
  fs::create_directories(target.parent_path());
  ASSERT_TRUE(succeeded(mergeIntoKubeconfig(target, entryNamed("kubelab-one"))));
  fs::create_symlink(target, file("config"));
  ASSERT_TRUE(succeeded(mergeIntoKubeconfig(file("config"), entryNamed("kubelab-two"))));
  EXPECT_TRUE(fs::is_symlink(file("config")));
  EXPECT_EQ(namesIn(YAML::LoadFile(target.string()), "contexts"),
            (std::vector<std::string>{"kubelab-one", "kubelab-two"}));
}

TEST_F(KubeconfigFileTest, FindsTheUserKubeconfigAsKubectlDoes) {
  {
    ScopedVariable kubeconfig("KUBECONFIG", std::nullopt);
    ScopedVariable home("HOME", directory_->path().string());
    EXPECT_EQ(userKubeconfigForMerge().value(), directory_->path() / ".kube" / "config");
  }
  const std::string first = file("first").string();
  const std::string second = file("second").string();
  ScopedVariable kubeconfig("KUBECONFIG", first + "::" + second + ":" + first);
  EXPECT_EQ(userKubeconfigPaths().value(), (std::vector<fs::path>{first, second}));
  EXPECT_EQ(userKubeconfigForMerge().value(), fs::path(second)) << "none exists: the last";
  std::ofstream(second) << "";
  EXPECT_EQ(userKubeconfigForMerge().value(), fs::path(second)) << "the first that exists";
  std::ofstream(first) << "";
  EXPECT_EQ(userKubeconfigForMerge().value(), fs::path(first));
}

}  // namespace
}  // namespace kubelab::supervisor
