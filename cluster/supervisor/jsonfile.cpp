#include "supervisor/jsonfile.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace kubelab::supervisor {

namespace fs = std::filesystem;

Result<boost::json::value> readJsonFile(const fs::path& file) {
  std::ifstream input(file, std::ios::binary);
  if (!input) {
    if (errno == ENOENT) return notFound(file.string() + " does not exist");
    return unavailable("cannot read " + file.string() + ": " + std::strerror(errno));
  }
  std::ostringstream contents;
  contents << input.rdbuf();
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(contents.str(), error);
  if (error) return invalid(file.string() + " is not valid JSON: " + error.message());
  return value;
}

namespace {

Status writeAll(int descriptor, const std::string& text) {
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t count = ::write(descriptor, text.data() + written, text.size() - written);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) return internalError(std::string("write failed: ") + std::strerror(errno));
    written += static_cast<std::size_t>(count);
  }
  return Status::ok();
}

}  // namespace

Status writeJsonFileAtomically(const fs::path& file, const boost::json::value& value) {
  fs::path temporary = file;
  temporary += ".tmp";
  int descriptor = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (descriptor < 0) {
    return internalError("cannot write " + temporary.string() + ": " + std::strerror(errno));
  }
  Status status = writeAll(descriptor, boost::json::serialize(value) + "\n");
  if (status.isOk() && ::fsync(descriptor) != 0) {
    status = internalError("cannot sync " + temporary.string() + ": " + std::strerror(errno));
  }
  ::close(descriptor);
  if (status.isOk() && ::rename(temporary.c_str(), file.c_str()) != 0) {
    status = internalError("cannot rename " + temporary.string() + ": " + std::strerror(errno));
  }
  if (!status.isOk()) ::unlink(temporary.c_str());
  return status;
}

}  // namespace kubelab::supervisor
