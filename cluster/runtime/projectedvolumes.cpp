#include "runtime/projectedvolumes.h"

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iterator>
#include <set>
#include <system_error>

namespace kubelab::runtime {

namespace fs = std::filesystem;

namespace {

constexpr const char* kDataLink = "..data";
constexpr const char* kDataLinkTemporary = "..data_tmp";

bool usablePath(const std::string& path) {
  if (path.empty() || path.rfind("..", 0) == 0) return false;
  fs::path relative(path);
  if (relative.is_absolute()) return false;
  for (const auto& part : relative) {
    if (part == ".." || part.empty()) return false;
  }
  return true;
}

// "..2024_05_01_10_00_00.000000001": the kubelet's timestamped version directories, with a
// counter so two versions in one nanosecond still differ.
std::string versionName() {
  static std::atomic<unsigned> counter{0};
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y_%m_%d_%H_%M_%S", &utc);
  auto nanoseconds = std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count() % 1000000000;
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, ".%09lld%u", static_cast<long long>(nanoseconds), counter++ % 1000);
  return std::string("..") + stamp + suffix;
}

std::string readWhole(const fs::path& file) {
  std::ifstream input(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>()};
}

std::string topLevel(const std::string& path) { return fs::path(path).begin()->string(); }

// Whether the current version already holds exactly these files with these modes.
bool alreadyWritten(const fs::path& version, const std::vector<VolumeFile>& files) {
  if (version.empty()) return false;
  std::error_code error;
  std::size_t regular = 0;
  for (auto entry = fs::recursive_directory_iterator(version, error); !error && entry != fs::end(entry);
       entry.increment(error)) {
    if (entry->is_regular_file(error)) ++regular;
  }
  if (error || regular != files.size()) return false;
  for (const auto& file : files) {
    fs::path path = version / file.path;
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || (info.st_mode & 07777) != static_cast<mode_t>(file.mode)) return false;
    if (readWhole(path) != file.content) return false;
  }
  return true;
}

Status writeVersion(const fs::path& version, const std::vector<VolumeFile>& files) {
  std::error_code error;
  fs::create_directory(version, error);
  if (error) return internalError("creating " + version.string() + ": " + error.message());
  for (const auto& file : files) {
    fs::path path = version / file.path;
    fs::create_directories(path.parent_path(), error);
    std::ofstream output(path, std::ios::binary | std::ios::trunc);
    output << file.content;
    output.close();
    if (!output || ::chmod(path.c_str(), static_cast<mode_t>(file.mode)) != 0) {
      return internalError("writing " + path.string());
    }
  }
  return Status::ok();
}

}  // namespace

fs::path currentVolumeVersion(const fs::path& directory) {
  std::error_code error;
  fs::path target = fs::read_symlink(directory / kDataLink, error);
  if (error) return {};
  return directory / target;
}

Status writeVolumeFiles(const fs::path& directory, const std::vector<VolumeFile>& files) {
  std::set<std::string> paths;
  for (const auto& file : files) {
    if (!usablePath(file.path)) return invalid("invalid path \"" + file.path + "\" for a volume file");
    if (!paths.insert(fs::path(file.path).lexically_normal().string()).second) {
      return invalid("duplicate path \"" + file.path + "\" for a volume file");
    }
  }
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) return internalError("creating " + directory.string() + ": " + error.message());
  fs::path old = currentVolumeVersion(directory);
  if (alreadyWritten(old, files)) return Status::ok();

  std::string name = versionName();
  if (Status written = writeVersion(directory / name, files); !written.isOk()) {
    fs::remove_all(directory / name, error);
    return written;
  }
  // The switch itself: rename(2) replaces the old link in one step.
  fs::remove(directory / kDataLinkTemporary, error);
  fs::create_symlink(name, directory / kDataLinkTemporary, error);
  if (!error) fs::rename(directory / kDataLinkTemporary, directory / kDataLink, error);
  if (error) return internalError("switching " + (directory / kDataLink).string() + ": " + error.message());

  std::set<std::string> visible;
  for (const auto& file : files) visible.insert(topLevel(file.path));
  for (const auto& top : visible) {
    fs::path link = directory / top;
    if (fs::is_symlink(link, error)) continue;
    fs::create_symlink(fs::path(kDataLink) / top, link, error);
    if (error) return internalError("linking " + link.string() + ": " + error.message());
  }
  // What the new version no longer has, and the old version itself.
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    std::string entryName = entry.path().filename().string();
    if (entryName.rfind("..", 0) == 0 || visible.contains(entryName)) continue;
    if (entry.is_symlink(error)) fs::remove(entry.path(), error);
  }
  if (!old.empty() && old.filename() != name) fs::remove_all(old, error);
  return Status::ok();
}

}  // namespace kubelab::runtime
