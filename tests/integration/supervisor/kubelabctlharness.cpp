#include "kubelabctlharness.h"

#include <signal.h>
#include <sys/stat.h>

#include <charconv>
#include <condition_variable>
#include <fstream>
#include <iterator>
#include <mutex>
#include <thread>

#include <boost/json.hpp>
#include <boost/process.hpp>

#include "common/base64.h"
#include "http/httpclient.h"
#include "support/freeport.h"

namespace kubelab::testing {

namespace fs = std::filesystem;
namespace json = boost::json;
namespace process = boost::process;
using namespace std::chrono_literals;

const char* clusterStoreName(ClusterStore store) { return store == ClusterStore::Etcd ? "Etcd" : "KubelabStore"; }

std::string describe(const CommandResult& result) {
  return "exit code " + std::to_string(result.exitCode) + (result.timedOut ? " (timed out)" : "") + ", output:\n" +
         result.output;
}

namespace {

std::string readWholeFile(const fs::path& file) {
  std::ifstream input(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>());
}

Result<json::object> readJsonObject(const fs::path& file) {
  boost::system::error_code error;
  json::value value = json::parse(readWholeFile(file), error);
  if (error || !value.is_object()) return invalid(file.string() + " is not a JSON object");
  return value.as_object();
}

bool isLive(int pid) {
  std::string stat = readWholeFile("/proc/" + std::to_string(pid) + "/stat");
  std::size_t close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z' && stat[close + 2] != 'X';
}

// Output is read on its own thread, which owns the pipe: should a daemon keep the pipe open
// by mistake, the reader never finishes, and the command is reported as timed out instead of
// hanging the test.
struct OutputReader {
  process::ipstream stream;
  std::mutex mutex;
  std::condition_variable finished;
  std::string output;
  bool done = false;
};

}  // namespace

Result<std::unique_ptr<KubelabctlHarness>> KubelabctlHarness::create(ClusterStore store) {
  Result<std::unique_ptr<TemporaryDirectory>> directory = TemporaryDirectory::create("kubelabctl-test");
  if (!directory) return directory.status();
  std::unique_ptr<KubelabctlHarness> harness(new KubelabctlHarness(std::move(directory).value()));
  std::error_code error;
  fs::create_directories(harness->home(), error);
  if (error) return internalError("cannot create " + harness->home().string() + ": " + error.message());
  if (store == ClusterStore::Etcd) {
    fs::path binaries = harness->root() / "etcd-bin";
    KUBELAB_RETURN_IF_ERROR(writeEtcdStandIn(binaries));
    harness->useBinaryDirectory(binaries);
  }
  return harness;
}

KubelabctlHarness::~KubelabctlHarness() {
  std::vector<int> leftovers = clusterProcesses();
  for (int pid : leftovers) ::kill(pid, SIGKILL);
  for (int attempt = 0; attempt < 100 && !clusterProcesses().empty(); ++attempt) std::this_thread::sleep_for(20ms);
}

CommandResult KubelabctlHarness::run(std::vector<std::string> arguments, std::chrono::seconds timeout) {
  arguments.push_back("--state-dir");
  arguments.push_back(stateDirectory().string());
  return execute(KUBELABCTL_BINARY, arguments, timeout);
}

CommandResult KubelabctlHarness::runWithDefaultStateDirectory(const std::vector<std::string>& arguments,
                                                              std::chrono::seconds timeout) {
  return execute(KUBELABCTL_BINARY, arguments, timeout);
}

CommandResult KubelabctlHarness::kubectl(const std::vector<std::string>& arguments, std::chrono::seconds timeout) {
  return execute(KUBECTL_BINARY, arguments, timeout);
}

CommandResult KubelabctlHarness::execute(const std::string& program, const std::vector<std::string>& arguments,
                                         std::chrono::seconds timeout) {
  CommandResult result;
  process::environment environment = boost::this_process::environment();
  environment["HOME"] = home().string();
  environment.erase("XDG_DATA_HOME");
  environment.erase("KUBELAB_BIN_DIR");
  environment.erase("KUBECONFIG");
  if (binaryDirectory_) environment["KUBELAB_BIN_DIR"] = binaryDirectory_->string();
  if (kubeconfigVariable_) environment["KUBECONFIG"] = *kubeconfigVariable_;

  auto reader = std::make_shared<OutputReader>();
  process::child child;
  try {
    child = process::child(program, process::args(arguments),
                           (process::std_out & process::std_err) > reader->stream, environment);
  } catch (const std::exception& error) {
    result.output = "cannot run " + program + ": " + error.what();
    return result;
  }
  std::thread([reader] {
    std::string line;
    std::string output;
    while (std::getline(reader->stream, line)) output += line + "\n";
    std::lock_guard lock(reader->mutex);
    reader->output = std::move(output);
    reader->done = true;
    reader->finished.notify_all();
  }).detach();

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::error_code error;
  while (child.running(error) && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
  if (child.running(error)) {
    child.terminate(error);
    result.timedOut = true;
  } else {
    result.exitCode = child.exit_code();
  }
  std::unique_lock lock(reader->mutex);
  if (!reader->finished.wait_for(lock, 5s, [&] { return reader->done; })) {
    result.timedOut = true;
    result.output = "(the output pipe stayed open after " + program + " exited: a process it started holds it)";
  } else {
    result.output = reader->output;
  }
  return result;
}

Result<std::uint16_t> KubelabctlHarness::port(const fs::path& state, const std::string& role) const {
  Result<json::object> config = readJsonObject(state / "cluster.json");
  if (!config) return config.status();
  const json::value* port = config->contains("ports") ? config->at("ports").as_object().if_contains(role) : nullptr;
  if (port == nullptr || !port->is_int64()) return notFound("cluster.json has no " + role + " port");
  return static_cast<std::uint16_t>(port->as_int64());
}

Result<ComponentView> KubelabctlHarness::component(const fs::path& state, const std::string& name) const {
  Result<json::object> status = readJsonObject(state / "status.json");
  if (!status) return status.status();
  const json::value* components = status->if_contains("components");
  if (components == nullptr || !components->is_array()) return invalid("status.json has no components");
  for (const json::value& entry : components->as_array()) {
    const json::object& object = entry.as_object();
    if (object.at("name").as_string() != name) continue;
    return ComponentView{std::string(object.at("state").as_string()), static_cast<int>(object.at("pid").as_int64()),
                         static_cast<int>(object.at("restarts").as_int64())};
  }
  return notFound("status.json has no component " + name);
}

Result<int> KubelabctlHarness::supervisorPid(const fs::path& state) const {
  std::string text = readWholeFile(state / "supervisor.pid");
  int pid = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), pid);
  if (error != std::errc() || pid <= 0) return notFound("no pid in " + (state / "supervisor.pid").string());
  return pid;
}

std::vector<int> KubelabctlHarness::clusterProcesses() const {
  std::vector<int> found;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/proc", error)) {
    int pid = 0;
    std::string name = entry.path().filename().string();
    auto [end, parseError] = std::from_chars(name.data(), name.data() + name.size(), pid);
    if (parseError != std::errc() || end != name.data() + name.size() || pid == ::getpid()) continue;
    if (readWholeFile(entry.path() / "cmdline").find(root().string()) == std::string::npos) continue;
    if (isLive(pid)) found.push_back(pid);
  }
  return found;
}

Status writeEtcdStandIn(const fs::path& directory) {
  Result<std::uint16_t> peerPort = findFreeLoopbackPort();
  if (!peerPort) return peerPort.status();
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) return internalError("cannot create " + directory.string() + ": " + error.message());
  std::string peer = "http://127.0.0.1:" + std::to_string(*peerPort);
  fs::path script = directory / "kubelab-store";
  std::ofstream(script) << "#!/bin/sh\n# Real etcd standing in for kubelab-store, as a single member.\nexec "
                        << KUBELAB_ETCD_BINARY << " \"$@\" --listen-peer-urls " << peer
                        << " --initial-advertise-peer-urls " << peer << " --initial-cluster default=" << peer << "\n";
  if (::chmod(script.c_str(), 0755) != 0) return internalError("cannot make " + script.string() + " executable");
  // The other components are ours, from the build's directory.
  for (const char* component : {"kubelab-apiserver", "kubelab-scheduler", "kubelab-controller-manager",
                                 "kubelab-cloud-controller-manager", "kubelab-kubelet", "kubelab-proxy"}) {
    fs::create_symlink(fs::path(KUBELAB_APISERVER_BINARY).parent_path() / component, directory / component, error);
    if (error) {
      return internalError(std::string("cannot link ") + component + " into " + directory.string() + ": " +
                           error.message());
    }
  }
  return Status::ok();
}

Status putKey(std::uint16_t port, const std::string& key, const std::string& value) {
  http::Client client("127.0.0.1", port);
  json::object body{{"key", base64Encode(key)}, {"value", base64Encode(value)}};
  Result<http::Response> response = client.post("/v3/kv/put", json::serialize(body));
  if (!response) return response.status();
  if (response->status != 200) return unavailable("put answered " + std::to_string(response->status) + ": " + response->body);
  return Status::ok();
}

Result<std::optional<std::string>> getKey(std::uint16_t port, const std::string& key) {
  http::Client client("127.0.0.1", port);
  json::object body{{"key", base64Encode(key)}};
  Result<http::Response> response = client.post("/v3/kv/range", json::serialize(body));
  if (!response) return response.status();
  if (response->status != 200) return unavailable("range answered " + std::to_string(response->status));
  boost::system::error_code error;
  json::value answer = json::parse(response->body, error);
  if (error || !answer.is_object()) return invalid("range answered " + response->body);
  const json::value* kvs = answer.as_object().if_contains("kvs");
  if (kvs == nullptr || !kvs->is_array() || kvs->as_array().empty()) return std::optional<std::string>();
  const json::value* encoded = kvs->as_array()[0].as_object().if_contains("value");
  if (encoded == nullptr || !encoded->is_string()) return std::optional<std::string>(std::string());
  std::optional<std::string> decoded = base64Decode(encoded->as_string());
  if (!decoded) return invalid("range answered a value that is not base64");
  return decoded;
}

}  // namespace kubelab::testing
