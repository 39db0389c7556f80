#include "integration/apiserver/apiserverfixture.h"

#include <boost/json/serialize.hpp>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "http/httpclient.h"
#include "pki/clusterpki.h"
#include "support/freeport.h"

namespace kubelab::testing {
namespace json = boost::json;
namespace {

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

json::object kubeconfigDocument(const std::string& server, const std::filesystem::path& ca, json::object user) {
  return {{"apiVersion", "v1"},
          {"kind", "Config"},
          {"clusters", json::array{json::object{
                           {"name", "test"},
                           {"cluster", json::object{{"server", server}, {"certificate-authority", ca.string()}}}}}},
          {"users", json::array{json::object{{"name", "test"}, {"user", std::move(user)}}}},
          {"contexts", json::array{json::object{
                           {"name", "test"},
                           {"context", json::object{{"cluster", "test"}, {"user", "test"}, {"namespace", "default"}}}}}},
          {"current-context", "test"}};
}

}  // namespace

CommandResult runCommand(const std::vector<std::string>& argv, const std::string& input, int timeoutSeconds) {
  CommandResult result;
  auto scratch = TemporaryDirectory::create("kubelab-command");
  if (!scratch) return result;
  auto outPath = (*scratch)->path() / "out";
  auto errPath = (*scratch)->path() / "err";
  auto inPath = (*scratch)->path() / "in";
  std::ofstream(inPath, std::ios::binary) << input;
  pid_t child = fork();
  if (child == 0) {
    int in = open(inPath.c_str(), O_RDONLY);
    int out = open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
  while (waitpid(child, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(child, SIGKILL);
      waitpid(child, &status, 0);
      result.err = "timed out after " + std::to_string(timeoutSeconds) + " s\n";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = readFile(outPath);
  result.err += readFile(errPath);
  return result;
}

Result<std::unique_ptr<ApiServerFixture>> ApiServerFixture::start(StoreKind storeKind) {
  std::unique_ptr<ApiServerFixture> fixture(new ApiServerFixture());
  auto directory = TemporaryDirectory::create("kubelab-apiserver-test");
  if (!directory) return directory.status();
  fixture->directory_ = std::move(*directory);
  auto store = StoreServer::start(storeKind);
  if (!store) return store.status();
  fixture->store_ = std::move(*store);
  pki::ClusterPkiOptions pkiOptions;
  pkiOptions.extraApiServerHosts = {"127.96.0.1"};
  auto certificates = pki::ensureClusterPki(fixture->directory() / "pki", pkiOptions);
  if (!certificates) return certificates.status();
  std::ofstream(fixture->directory() / "tokens.csv")
      << viewerToken << ",viewer,1001\n"
      << masterToken << ",token-admin,1002,\"system:masters\"\n";
  KUBELAB_RETURN_IF_ERROR(fixture->launchApiServer());
  const auto& admin = certificates->clients.at("admin");
  fixture->kubeconfig_ = fixture->directory() / "admin.kubeconfig";
  std::ofstream(fixture->kubeconfig_)
      << json::serialize(kubeconfigDocument(
             fixture->server(), certificates->authority.certificate,
             json::object{{"client-certificate", admin.certificate.string()}, {"client-key", admin.privateKey.string()}}));
  return fixture;
}

Status ApiServerFixture::launchApiServer() {
  auto port = findFreeLoopbackPort();
  if (!port) return port.status();
  port_ = *port;
  logFile_ = directory() / "apiserver.log";
  std::filesystem::path pkiDirectory = directory() / "pki";
  auto child = ChildProcess::start(KUBELAB_APISERVER_BINARY,
                                   {"--etcd-servers", store_->endpoint(), "--bind-address", "127.0.0.1",
                                    "--secure-port", std::to_string(port_), "--tls-cert-file",
                                    (pkiDirectory / "apiserver.crt").string(), "--tls-private-key-file",
                                    (pkiDirectory / "apiserver.key").string(), "--client-ca-file",
                                    (pkiDirectory / "ca.crt").string(), "--token-auth-file",
                                    (directory() / "tokens.csv").string(),
                                    // As the embedded cluster: pods leave a failed node after seconds.
                                    "--default-not-ready-toleration-seconds", "10",
                                    "--default-unreachable-toleration-seconds", "10"},
                                   logFile_);
  if (!child) return child.status();
  apiServer_ = std::move(*child);
  http::ClientTlsOptions tls;
  tls.caFile = (pkiDirectory / "ca.crt").string();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!apiServer_->isRunning()) return Status(StatusCode::Unavailable, "kubelab-apiserver exited: " + logTail());
    http::Client client(http::Endpoint{"127.0.0.1", port_, tls});
    http::RequestOptions options;
    options.timeout = std::chrono::seconds(2);
    auto response = client.get("/readyz", options);
    if (response && response->status == 200) return Status::ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return Status(StatusCode::DeadlineExceeded, "kubelab-apiserver did not become ready: " + logTail());
}

ApiServerFixture::~ApiServerFixture() {
  if (apiServer_) apiServer_->kill();
}

std::filesystem::path ApiServerFixture::kubeconfigForToken(const std::string& token) {
  std::filesystem::path path = directory() / (token + ".kubeconfig");
  std::ofstream(path) << json::serialize(
      kubeconfigDocument(server(), directory() / "pki" / "ca.crt", json::object{{"token", token}}));
  return path;
}

CommandResult ApiServerFixture::kubectl(const std::vector<std::string>& arguments, const std::string& input,
                                        const std::string& binary) {
  std::vector<std::string> argv{binary, "--kubeconfig", kubeconfig_.string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return runCommand(argv, input);
}

std::string ApiServerFixture::logTail() const {
  std::string log = readFile(logFile_);
  return log.size() > 3000 ? log.substr(log.size() - 3000) : log;
}

}  // namespace kubelab::testing
