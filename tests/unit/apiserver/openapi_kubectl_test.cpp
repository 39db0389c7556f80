// The real kubectl against a stub API server that serves discovery and our OpenAPI documents:
// explain reads them as against a real cluster, and create/apply validate on the server
// (fieldValidation=Strict) without falling back to the client or printing warnings.
// Skipped when kubectl is not installed.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <boost/json.hpp>

#include "api/resourcetypes.h"
#include "apiserver/openapi.h"
#include "http/httpserver.h"
#include "support/childprocess.h"
#include "support/temporarydirectory.h"

namespace kubelab::apiserver {
namespace {

namespace fs = std::filesystem;

const fs::path kKubectl = "/usr/bin/kubectl";
const fs::path kOtherKubectls = "/usr/lib/google-cloud-sdk/bin";

boost::json::object stubResourceList(const std::string& group, const std::string& version) {
  boost::json::array resources;
  for (const api::ResourceType& type : api::builtinResourceTypes()) {
    if (type.group != group || type.version != version) continue;
    boost::json::array verbs, shortNames, categories;
    for (const auto& verb : type.verbs) verbs.emplace_back(verb);
    for (const auto& name : type.shortNames) shortNames.emplace_back(name);
    for (const auto& category : type.categories) categories.emplace_back(category);
    resources.push_back(boost::json::object{{"name", type.plural}, {"singularName", type.singular},
                                            {"namespaced", type.namespaced}, {"kind", type.kind},
                                            {"verbs", verbs}, {"shortNames", shortNames},
                                            {"categories", categories}});
  }
  return {{"kind", "APIResourceList"}, {"apiVersion", "v1"},
          {"groupVersion", group.empty() ? version : group + "/" + version}, {"resources", resources}};
}

boost::json::object stubGroupList() {
  boost::json::array groups;
  std::set<std::string> seen;
  for (const api::ResourceType& type : api::builtinResourceTypes()) {
    if (type.group.empty() || !seen.insert(type.group).second) continue;
    boost::json::object version{{"groupVersion", type.apiVersion()}, {"version", type.version}};
    groups.push_back(boost::json::object{
        {"name", type.group}, {"versions", boost::json::array{version}}, {"preferredVersion", version}});
  }
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}};
}

// The pod that `kubectl apply` finds already there: created by an earlier apply.
std::string existingPod() {
  boost::json::object applied{
      {"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"name", "web"}, {"namespace", "default"}}},
      {"spec", {{"containers", boost::json::array{boost::json::object{{"name", "web"}, {"image", "nginx:1.24"}},
                                                   boost::json::object{{"name", "side"}, {"image", "busybox"}}}}}}};
  boost::json::object pod = applied;
  pod["metadata"].as_object()["annotations"] = boost::json::object{
      {"kubectl.kubernetes.io/last-applied-configuration", boost::json::serialize(applied)}};
  pod["metadata"].as_object()["uid"] = "6f1c9a5e-0000-4000-8000-000000000001";
  pod["metadata"].as_object()["resourceVersion"] = "7";
  return boost::json::serialize(pod);
}

class StubApiServer {
 public:
  StubApiServer() : server_({}, [this](const http::Request& request, std::shared_ptr<http::Exchange> exchange) {
    handle(request, *exchange);
  }) {}

  Result<std::uint16_t> start() {
    auto port = server_.listen("127.0.0.1", 0);
    if (port) server_.start();
    return port;
  }
  ~StubApiServer() { server_.stop(); }

  std::vector<std::string> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::vector<std::string> bodies() const {
    std::lock_guard lock(mutex_);
    return bodies_;
  }
  void clear() {
    std::lock_guard lock(mutex_);
    requests_.clear();
    bodies_.clear();
  }

 private:
  void handle(const http::Request& request, http::Exchange& exchange) {
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request.method + " " + request.target);
      if (!request.body.empty()) bodies_.push_back(request.body);
    }
    const std::string path(request.path());
    const auto json = [&](unsigned status, const std::string& body) { exchange.respond(status, "application/json", body); };
    if (path == "/version") return json(200, R"({"major":"1","minor":"32","gitVersion":"v1.32.0-kubelab"})");
    if (path == "/api") {
      return json(200, R"({"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[]})");
    }
    if (path == "/apis") return json(200, boost::json::serialize(stubGroupList()));
    if (path == "/api/v1") return json(200, boost::json::serialize(stubResourceList("", "v1")));
    if (path.rfind("/apis/", 0) == 0 && std::count(path.begin(), path.end(), '/') == 3) {
      const auto slash = path.find('/', 6);
      return json(200, boost::json::serialize(stubResourceList(path.substr(6, slash - 6), path.substr(slash + 1))));
    }
    if (path == "/openapi/v2") {
      auto response = openApiV2Response(request.header("Accept"));
      if (!response) return json(406, R"({"kind":"Status","code":406})");
      return exchange.respond(200, response->contentType, response->body);
    }
    if (path == "/openapi/v3" || path.rfind("/openapi/v3/", 0) == 0) {
      auto document = openApiV3Document(path == "/openapi/v3" ? "" : path.substr(12));
      if (!document) return json(404, R"({"kind":"Status","code":404,"reason":"NotFound"})");
      return json(200, *document);
    }
    if (path == "/api/v1/namespaces/default/pods/web" && (request.method == "GET" || request.method == "PATCH")) {
      return json(200, existingPod());
    }
    if (request.method == "POST") return json(201, request.body);
    json(404, R"({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404})");
  }

  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::vector<std::string> bodies_;
  http::Server server_;
};

class OpenApiKubectlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kKubectl)) GTEST_SKIP() << "no kubectl at " << kKubectl;
    auto directory = testing::TemporaryDirectory::create("kubelab-openapi");
    ASSERT_TRUE(directory) << directory.status().toString();
    directory_ = std::move(*directory);
    auto port = server_.start();
    ASSERT_TRUE(port) << port.status().toString();
    port_ = *port;
    std::ofstream(directory_->path() / "kubeconfig") << "";
    write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n"
                      "    image: nginx:1.25\n    ports:\n    - containerPort: 80\n");
    write("list.yaml", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n"
                       "    name: web\n  spec:\n    containers:\n    - name: web\n      image: nginx:1.25\n");
    // Changes the image, drops the "side" container and adds a field our schemas do not describe.
    write("pod-changed.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n"
                              "  - name: web\n    image: nginx:1.25\n    stdinOnce: true\n");
  }

  void write(const std::string& name, const std::string& text) { std::ofstream(directory_->path() / name) << text; }

  // Runs kubectl to completion; returns its combined output and sets `exitDescription`.
  std::string kubectl(const std::vector<std::string>& arguments, const fs::path& executable = kKubectl) {
    std::vector<std::string> all{"--kubeconfig=" + (directory_->path() / "kubeconfig").string(),
                                 "--cache-dir=" + (directory_->path() / "cache").string(),
                                 "--server=http://127.0.0.1:" + std::to_string(port_)};
    all.insert(all.end(), arguments.begin(), arguments.end());
    const fs::path log = directory_->path() / ("kubectl-" + std::to_string(++runs_) + ".log");
    server_.clear();  // requested() then tells what this command asked for
    auto child = testing::ChildProcess::start(executable, all, log);
    EXPECT_TRUE(child) << child.status().toString();
    if (!child) return {};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while ((*child)->isRunning() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    (*child)->kill();
    exitDescription = (*child)->exitDescription();
    std::ostringstream output;
    output << std::ifstream(log).rdbuf();
    if (!echo_) return output.str();
    std::cout << "$ " << executable.filename().string();
    for (const std::string& argument : arguments) std::cout << ' ' << argument;
    std::cout << "   [" << exitDescription << (requested("GET /openapi/v2") ? "; read /openapi/v2" : "") << "]\n"
              << output.str() << std::endl;
    return output.str();
  }

  bool requested(std::string_view prefix) const {
    for (const std::string& request : server_.requests()) {
      if (request.rfind(prefix, 0) == 0) return true;
    }
    return false;
  }

  StubApiServer server_;
  std::unique_ptr<testing::TemporaryDirectory> directory_;
  std::uint16_t port_ = 0;
  int runs_ = 0;
  bool echo_ = true;  // print each command and its output, for reading the test's log
  std::string exitDescription;
};

TEST_F(OpenApiKubectlTest, ExplainPods) {
  const std::string output = kubectl({"explain", "pods"});
  EXPECT_EQ(exitDescription, "exited with 0");
  EXPECT_EQ(output.rfind("KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n    A Pod is the smallest", 0), 0u);
  EXPECT_NE(output.find("FIELDS:\n  apiVersion\t<string>\n"), std::string::npos);
  EXPECT_NE(output.find("  metadata\t<ObjectMeta>\n"), std::string::npos);
  EXPECT_NE(output.find("  spec\t<PodSpec>\n"), std::string::npos);
  EXPECT_NE(output.find("  status\t<PodStatus>\n"), std::string::npos);
  EXPECT_FALSE(requested("GET /openapi/v2"));
}

TEST_F(OpenApiKubectlTest, ExplainFields) {
  std::string output = kubectl({"explain", "pods.spec.containers.image"});
  EXPECT_EQ(exitDescription, "exited with 0");
  EXPECT_NE(output.find("FIELD: image <string>\n"), std::string::npos);

  output = kubectl({"explain", "deployment.spec.replicas"});
  EXPECT_EQ(exitDescription, "exited with 0");
  EXPECT_EQ(output.rfind("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>\n", 0), 0u);

  output = kubectl({"explain", "pods.spec.containers.imagePullPolicy"});
  EXPECT_NE(output.find("FIELD: imagePullPolicy <string>\nENUM:\n    Always\n    IfNotPresent\n    Never\n"),
            std::string::npos);

  output = kubectl({"explain", "po.spec.containers.resources.limits"});
  EXPECT_NE(output.find("FIELD: limits <map[string]Quantity>\n"), std::string::npos);

  output = kubectl({"explain", "deploy.spec.strategy.rollingUpdate.maxSurge"});
  EXPECT_NE(output.find("FIELD: maxSurge <IntOrString>\n"), std::string::npos);

  output = kubectl({"explain", "pods.spec.nope"});
  EXPECT_NE(output.find("error: field \"nope\" does not exist"), std::string::npos);
}

TEST_F(OpenApiKubectlTest, ExplainEveryServedResource) {
  echo_ = false;
  for (const api::ResourceType& type : api::builtinResourceTypes()) {
    // kubectl reads "events.events.k8s.io" as a field path, so the group goes in --api-version.
    const std::string resource = type.plural;
    const std::string output = kubectl({"explain", resource, "--api-version=" + type.apiVersion()});
    EXPECT_EQ(exitDescription, "exited with 0") << resource << "\n" << output;
    const std::string header = (type.group.empty() ? "" : "GROUP:      " + type.group + "\n") +
                               "KIND:       " + type.kind + "\nVERSION:    " + type.version + "\n\nDESCRIPTION:\n";
    EXPECT_EQ(output.rfind(header, 0), 0u) << output;
    EXPECT_EQ(output.find("<no description>"), std::string::npos) << output;
  }
}

TEST_F(OpenApiKubectlTest, ExplainRecursive) {
  const std::string output = kubectl({"explain", "pods", "--recursive"});
  EXPECT_EQ(exitDescription, "exited with 0");
  EXPECT_NE(output.find("  spec\t<PodSpec>\n    activeDeadlineSeconds\t<integer>\n"), std::string::npos);
  EXPECT_NE(output.find("    containers\t<[]Container> -required-\n      args\t<[]string>\n"), std::string::npos);
}

TEST_F(OpenApiKubectlTest, CreateValidatesOnTheServer) {
  const std::string output = kubectl({"create", "-f", (directory_->path() / "pod.yaml").string(), "--dry-run=server"});
  EXPECT_EQ(exitDescription, "exited with 0");
  EXPECT_EQ(output, "pod/web created (server dry run)\n");
  EXPECT_TRUE(requested("POST /api/v1/namespaces/default/pods?dryRun=All&fieldManager=kubectl-create&"
                        "fieldValidation=Strict"));
  EXPECT_FALSE(requested("GET /openapi/v2"));  // no client-side validation
}

TEST_F(OpenApiKubectlTest, CreateFromAListValidatesItemsOnTheServer) {
  const std::string output = kubectl({"create", "-f", (directory_->path() / "list.yaml").string(), "--dry-run=server"});
  EXPECT_EQ(exitDescription, "exited with 0");
  EXPECT_EQ(output, "pod/web created (server dry run)\n");
  EXPECT_TRUE(requested("GET /openapi/v2"));  // kubectl always reads v2 for a List
  EXPECT_TRUE(requested("POST /api/v1/namespaces/default/pods?dryRun=All&fieldManager=kubectl-create&"
                        "fieldValidation=Strict"));
}

TEST_F(OpenApiKubectlTest, ReapplyComputesThePatchWithoutWarnings) {
  const std::string output = kubectl({"apply", "-f", (directory_->path() / "pod-changed.yaml").string()});
  EXPECT_EQ(exitDescription, "exited with 0");
  EXPECT_EQ(output, "pod/web configured\n");
  bool sawPatch = false;
  for (const std::string& body : server_.bodies()) {
    if (body.find("$setElementOrder/containers") == std::string::npos) continue;
    sawPatch = true;  // a strategic merge patch with Kubernetes' merge keys, from kubectl's own types
    EXPECT_NE(body.find(R"({"$patch":"delete","name":"side"})"), std::string::npos) << body;
  }
  EXPECT_TRUE(sawPatch);
  EXPECT_TRUE(requested("PATCH /api/v1/namespaces/default/pods/web?fieldManager=kubectl-client-side-apply&"
                        "fieldValidation=Strict"));
}

// The same workflows through every kubectl the machine has (1.27 to 1.33): each version reads v3
// for explain and validation, and some also read v2, which must then parse.
TEST_F(OpenApiKubectlTest, EveryInstalledKubectlVersion) {
  int versions = 0;
  for (int minor = 27; minor <= 33; ++minor) {
    const fs::path executable = kOtherKubectls / ("kubectl.1." + std::to_string(minor));
    if (!fs::exists(executable)) continue;
    SCOPED_TRACE(executable.string());
    ++versions;
    std::string output = kubectl({"explain", "pods.spec.containers.ports"}, executable);
    EXPECT_EQ(exitDescription, "exited with 0");
    EXPECT_NE(output.find("FIELD: ports <[]ContainerPort>\n"), std::string::npos);
    output = kubectl({"create", "-f", (directory_->path() / "pod.yaml").string(), "--dry-run=server"}, executable);
    EXPECT_EQ(output, "pod/web created (server dry run)\n");
    output = kubectl({"create", "-f", (directory_->path() / "list.yaml").string(), "--dry-run=server"}, executable);
    EXPECT_EQ(output, "pod/web created (server dry run)\n");
    output = kubectl({"apply", "-f", (directory_->path() / "pod-changed.yaml").string()}, executable);
    EXPECT_EQ(output, "pod/web configured\n");
  }
  if (versions == 0) GTEST_SKIP() << "no kubectl under " << kOtherKubectls;
}

}  // namespace
}  // namespace kubelab::apiserver
