// kubelab/kv: a tiny HTTP key-value store for the StatefulSet lessons. Each key is a file in
// its data directory, which is its volume (KV_DATA_DIR, /data by default, inside the pod's
// sandbox), so a pod recreated with the same claim finds its data again.
//
//   GET /keys            every key, one per line
//   GET /keys/<key>      the value, or 404
//   PUT /keys/<key>      stores the request body (POST too)
//   DELETE /keys/<key>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

#include "http/httpserver.h"
#include "workloads/workloads.h"

namespace kubelab::workloads {

namespace fs = std::filesystem;

namespace {

// Keys become file names: nothing that could leave the directory.
bool validKey(std::string_view key) {
  if (key.empty() || key.size() > 200 || key == "." || key == "..") return false;
  for (char character : key) {
    bool allowed = std::isalnum(static_cast<unsigned char>(character)) || character == '-' || character == '_' ||
                   character == '.';
    if (!allowed) return false;
  }
  return true;
}

// A container path (/data) as the runtime lays it out: inside the pod's sandbox.
fs::path dataDirectory() {
  fs::path configured = environmentOr("KV_DATA_DIR", "/data");
  std::string sandbox = environmentOr("KUBELAB_SANDBOX", "");
  if (configured.is_absolute() && !sandbox.empty()) return fs::path(sandbox) / configured.relative_path();
  return configured;
}

class Store {
 public:
  explicit Store(fs::path directory) : directory_(std::move(directory)) {}

  void handle(const http::Request& request, http::Exchange& exchange) {
    std::string_view path = request.path();
    if (path == "/healthz" || path == "/readyz" || path == "/livez") return exchange.respond(200, "text/plain", "ok\n");
    std::lock_guard lock(mutex_);
    if (path == "/keys" || path == "/keys/") return exchange.respond(200, "text/plain", listKeys());
    if (path.rfind("/keys/", 0) != 0) return exchange.respond(404, "text/plain", "not found; try /keys\n");
    std::string key(path.substr(6));
    if (!validKey(key)) return exchange.respond(400, "text/plain", "keys are letters, digits, '-', '_' and '.'\n");
    fs::path file = directory_ / key;
    if (request.method == "GET") {
      std::ifstream input(file, std::ios::binary);
      if (!input) return exchange.respond(404, "text/plain", "no key " + key + "\n");
      std::stringstream value;
      value << input.rdbuf();
      return exchange.respond(200, "application/octet-stream", value.str());
    }
    if (request.method == "PUT" || request.method == "POST") return exchange.respond(write(file, request.body), "text/plain", "");
    if (request.method == "DELETE") {
      std::error_code error;
      bool removed = fs::remove(file, error);
      return exchange.respond(removed ? 200 : 404, "text/plain", "");
    }
    exchange.respond(405, "text/plain", "method not allowed\n");
  }

 private:
  std::string listKeys() const {
    std::string keys;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(directory_, error)) {
      std::string name = entry.path().filename().string();
      if (validKey(name) && name.front() != '.') keys += name + "\n";
    }
    return keys;
  }

  // Written to a temporary file and renamed, so a crash never leaves half a value.
  unsigned write(const fs::path& file, const std::string& value) const {
    fs::path temporary = directory_ / (".write-" + file.filename().string());
    {
      std::ofstream output(temporary, std::ios::binary | std::ios::trunc);
      output << value;
      if (!output.flush()) return 500;
    }
    std::error_code error;
    fs::rename(temporary, file, error);
    return error ? 500 : 201;
  }

  fs::path directory_;
  std::mutex mutex_;
};

}  // namespace

int runKeyValue(const std::vector<std::string>&) {
  fs::path directory = dataDirectory();
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) {
    std::cerr << "kv: cannot use " << directory << ": " << error.message() << std::endl;
    return 1;
  }
  Store store(directory);
  std::string host = environmentOr("POD_IP", "127.0.0.1");
  http::Server server(http::ServerOptions{}, [&store](const http::Request& request, std::shared_ptr<http::Exchange> exchange) {
    store.handle(request, *exchange);
  });
  auto bound = server.listen(host, static_cast<std::uint16_t>(servingPort(8080)));
  if (!bound) {
    std::cerr << "kv: cannot listen on " << host << ": " << bound.status().message() << std::endl;
    return 1;
  }
  server.start();
  std::cout << "kv: pod " << environmentOr("POD_NAME", "?") << " serving http://" << host << ":" << *bound
            << "/keys with data in " << directory.string() << std::endl;
  int received = waitForStop(std::nullopt);
  server.stop();
  std::cout << "kv: stopping on signal " << received << std::endl;
  return 0;
}

}  // namespace kubelab::workloads
