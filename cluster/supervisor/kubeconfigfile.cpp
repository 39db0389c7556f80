#include "supervisor/kubeconfigfile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <system_error>
#include <thread>

#include <yaml-cpp/yaml.h>

#include "common/base64.h"
#include "pki/pemfiles.h"

namespace kubelab::supervisor {

namespace fs = std::filesystem;

namespace {

constexpr mode_t kNewKubeconfigMode = 0600;
constexpr std::chrono::seconds kLockWait{5};

// yaml-cpp forgets how a scalar was written: "123" and 123 load alike, except that a quoted
// one carries the tag "!", and one we create carries none. Written back plain, a quoted
// "true" or "1" would turn into a bool or a number, which kubectl then refuses for a string
// field. So such scalars are quoted again unless they plainly read back as text.
bool readsBackAsText(const std::string& text) {
  if (text.empty() || !std::isalpha(static_cast<unsigned char>(text.front()))) return false;
  for (char character : text) {
    if (!std::isalnum(static_cast<unsigned char>(character)) && std::string_view("._/:+=-").find(character) ==
                                                                     std::string_view::npos) {
      return false;
    }
  }
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* word : {"true", "false", "yes", "no", "on", "off", "y", "n", "null"}) {
    if (lower == word) return false;
  }
  return true;
}

void emitScalar(YAML::Emitter& out, const YAML::Node& node) {
  const std::string& tag = node.Tag();
  if (tag == "?") {
    out << node.Scalar();  // written plain, so plain reads it back the same
  } else if (tag.empty() || tag == "!") {
    if (readsBackAsText(node.Scalar())) out << node.Scalar();
    else out << YAML::DoubleQuoted << node.Scalar();
  } else {
    out << YAML::VerbatimTag(tag) << node.Scalar();
  }
}

void emitNode(YAML::Emitter& out, const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      if (node.size() == 0) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& field : node) {
        out << YAML::Key;
        emitNode(out, field.first);
        out << YAML::Value;
        emitNode(out, field.second);
      }
      out << YAML::EndMap;
      return;
    case YAML::NodeType::Sequence:
      if (node.size() == 0) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& item : node) emitNode(out, item);
      out << YAML::EndSeq;
      return;
    case YAML::NodeType::Scalar: emitScalar(out, node); return;
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: out << YAML::Null; return;
  }
}

// Every yaml-cpp call that may throw runs inside this, so callers get a Status instead.
Status guarded(const std::string& what, const std::function<Status()>& work) {
  try {
    return work();
  } catch (const YAML::Exception& error) {
    return invalid(what + ": " + error.what());
  } catch (const std::exception& error) {
    return internalError(what + ": " + error.what());
  }
}

Result<std::string> render(const YAML::Node& document) {
  YAML::Emitter out;
  out.SetNullFormat(YAML::LowerNull);  // "null", as kubectl writes it, rather than "~"
  emitNode(out, document);
  if (!out.good()) return internalError("cannot write YAML: " + out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

YAML::Node namedEntry(const std::string& name, const char* field, const YAML::Node& value) {
  YAML::Node entry;
  entry[field] = value;
  entry["name"] = name;
  return entry;
}

YAML::Node clusterEntry(const KubeconfigEntry& entry) {
  YAML::Node cluster;
  cluster["certificate-authority-data"] = base64Encode(entry.certificateAuthorityPem);
  cluster["server"] = entry.server;
  return namedEntry(entry.name, "cluster", cluster);
}

YAML::Node userEntry(const KubeconfigEntry& entry) {
  YAML::Node user;
  user["client-certificate-data"] = base64Encode(entry.clientCertificatePem);
  user["client-key-data"] = base64Encode(entry.clientKeyPem);
  return namedEntry(entry.name, "user", user);
}

YAML::Node contextEntry(const KubeconfigEntry& entry) {
  YAML::Node context;
  context["cluster"] = entry.name;
  context["user"] = entry.name;
  return namedEntry(entry.name, "context", context);
}

// The keys in the order kubectl and kind write them.
YAML::Node emptyKubeconfig() {
  YAML::Node document;
  document["apiVersion"] = "v1";
  document["clusters"] = YAML::Node(YAML::NodeType::Sequence);
  document["contexts"] = YAML::Node(YAML::NodeType::Sequence);
  document["current-context"] = "";
  document["kind"] = "Config";
  document["preferences"] = YAML::Node(YAML::NodeType::Map);
  document["users"] = YAML::Node(YAML::NodeType::Sequence);
  return document;
}

// Rebuilds document[list] with `replacement` in place of the entries called `name` (where the
// first of them was, as kind replaces its own), or appended when there was none; a null
// replacement removes them. Returns whether an entry called `name` was there.
bool replaceNamed(YAML::Node& document, const char* list, const std::string& name, const YAML::Node& replacement) {
  YAML::Node kept(YAML::NodeType::Sequence);
  bool found = false;
  YAML::Node existing = document[list];
  if (existing.IsSequence()) {
    for (const YAML::Node& item : existing) {
      bool matches = item.IsMap() && item["name"].IsScalar() && item["name"].Scalar() == name;
      if (!matches) kept.push_back(item);
      else if (!found && !replacement.IsNull()) kept.push_back(replacement);
      found = found || matches;
    }
  }
  if (!found && !replacement.IsNull()) kept.push_back(replacement);
  if (found || !replacement.IsNull()) document[list] = kept;
  return found;
}

// A kubeconfig from disk: an empty document when the file is missing or empty.
Result<YAML::Node> loadKubeconfig(const fs::path& file) {
  std::error_code error;
  if (!fs::exists(file, error)) return emptyKubeconfig();
  Result<std::string> text = pki::readTextFile(file);
  if (!text) return text.status();
  YAML::Node document = YAML::Load(*text);
  if (document.IsNull()) return emptyKubeconfig();
  if (!document.IsMap()) return invalid(file.string() + " is not a kubeconfig: its top level is not a mapping");
  return document;
}

// kubectl's and kind's lock on a kubeconfig: `<file>.lock`, created exclusively.
class KubeconfigLock {
 public:
  static Result<KubeconfigLock> acquire(const fs::path& file) {
    fs::path lock = file.string() + ".lock";
    const auto deadline = std::chrono::steady_clock::now() + kLockWait;
    while (true) {
      int descriptor = ::open(lock.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (descriptor >= 0) {
        ::close(descriptor);
        return KubeconfigLock(lock);
      }
      if (errno != EEXIST) return internalError("cannot create " + lock.string() + ": " + std::strerror(errno));
      if (std::chrono::steady_clock::now() >= deadline) {
        return unavailable(lock.string() + " exists: another program is changing " + file.string() +
                           ", or one stopped while doing so; delete the lock file if none is running");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  KubeconfigLock(KubeconfigLock&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  KubeconfigLock& operator=(KubeconfigLock&&) = delete;
  ~KubeconfigLock() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }

 private:
  explicit KubeconfigLock(fs::path path) : path_(std::move(path)) {}
  fs::path path_;
};

// Loads, changes and writes back the kubeconfig at `file` under its lock. `change` says
// whether it changed anything; an unchanged file is not rewritten.
Result<bool> updateKubeconfig(const fs::path& requested, const std::function<bool(YAML::Node&)>& change) {
  std::error_code error;
  // A symlinked ~/.kube/config stays a symlink: the file it points to is the one rewritten.
  fs::path file = requested;
  if (fs::is_symlink(fs::symlink_status(requested, error))) {
    file = fs::weakly_canonical(requested, error);
    if (error) return internalError("cannot resolve " + requested.string() + ": " + error.message());
  }
  if (!file.parent_path().empty()) fs::create_directories(file.parent_path(), error);
  if (error) return internalError("cannot create " + file.parent_path().string() + ": " + error.message());
  Result<KubeconfigLock> lock = KubeconfigLock::acquire(file);
  if (!lock) return lock.status();
  bool changed = false;
  Status status = guarded("cannot update " + file.string(), [&]() -> Status {
    Result<YAML::Node> document = loadKubeconfig(file);
    if (!document) return document.status();
    changed = change(*document);
    if (!changed) return Status::ok();
    Result<std::string> text = render(*document);
    if (!text) return text.status();
    struct stat existing {};
    mode_t mode = ::stat(file.c_str(), &existing) == 0 ? (existing.st_mode & 07777) : kNewKubeconfigMode;
    return pki::writeFileAtomically(file, *text, mode);
  });
  if (!status) return status;
  return changed;
}

}  // namespace

Result<std::string> renderKubeconfig(const KubeconfigEntry& entry) {
  std::string text;
  Status status = guarded("cannot write a kubeconfig", [&]() -> Status {
    YAML::Node document = emptyKubeconfig();
    document["clusters"].push_back(clusterEntry(entry));
    document["contexts"].push_back(contextEntry(entry));
    document["current-context"] = entry.name;
    document["users"].push_back(userEntry(entry));
    Result<std::string> rendered = render(document);
    if (!rendered) return rendered.status();
    text = *std::move(rendered);
    return Status::ok();
  });
  if (!status) return status;
  return text;
}

Status writeKubeconfig(const fs::path& file, const KubeconfigEntry& entry) {
  Result<std::string> text = renderKubeconfig(entry);
  if (!text) return text.status();
  return pki::writeFileAtomically(file, *text, kNewKubeconfigMode);
}

Status mergeIntoKubeconfig(const fs::path& file, const KubeconfigEntry& entry) {
  Result<bool> updated = updateKubeconfig(file, [&](YAML::Node& document) {
    replaceNamed(document, "clusters", entry.name, clusterEntry(entry));
    replaceNamed(document, "contexts", entry.name, contextEntry(entry));
    replaceNamed(document, "users", entry.name, userEntry(entry));
    document["current-context"] = entry.name;
    return true;
  });
  return updated.status();
}

Result<bool> removeFromKubeconfig(const fs::path& file, std::string_view name) {
  std::error_code error;
  if (!fs::exists(file, error)) return false;
  const std::string entryName(name);
  return updateKubeconfig(file, [&](YAML::Node& document) {
    const YAML::Node none;
    bool changed = replaceNamed(document, "clusters", entryName, none);
    changed = replaceNamed(document, "contexts", entryName, none) || changed;
    changed = replaceNamed(document, "users", entryName, none) || changed;
    YAML::Node current = document["current-context"];
    if (current.IsScalar() && current.Scalar() == entryName) {
      document["current-context"] = "";
      changed = true;
    }
    return changed;
  });
}

Result<std::vector<fs::path>> userKubeconfigPaths() {
  std::vector<fs::path> paths;
  const char* variable = std::getenv("KUBECONFIG");
  std::string_view list = variable == nullptr ? std::string_view() : std::string_view(variable);
  while (!list.empty()) {
    std::size_t colon = list.find(':');
    fs::path path(list.substr(0, colon));
    list = colon == std::string_view::npos ? std::string_view() : list.substr(colon + 1);
    if (!path.empty() && std::find(paths.begin(), paths.end(), path) == paths.end()) paths.push_back(path);
  }
  if (!paths.empty()) return paths;
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return invalid("neither KUBECONFIG nor HOME is set");
  return std::vector<fs::path>{fs::path(home) / ".kube" / "config"};
}

Result<fs::path> userKubeconfigForMerge() {
  Result<std::vector<fs::path>> paths = userKubeconfigPaths();
  if (!paths) return paths.status();
  for (const fs::path& path : *paths) {
    std::error_code error;
    if (fs::exists(path, error)) return path;
  }
  return paths->back();
}

}  // namespace kubelab::supervisor
