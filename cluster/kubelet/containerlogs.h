#pragma once
// `kubectl logs` at the kubelet: the options of /containerLogs (k8s.io/api's PodLogOptions, as
// query parameters) and reading a container's log file with them: the last N lines, a byte
// limit, RFC 3339 timestamps, and following the file while the container runs.
//
// The process runtime's log files hold what the container wrote, without a time per line
// (a CRI runtime's files have one). So a line's time is when the kubelet saw it: lines
// already in the file when the request came carry the file's last modification time (the
// latest they can have been written), followed lines the time they were read. `since`
// filters on those times.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "http/urlquery.h"

namespace kubelab::kubelet {

struct LogOptions {
  bool follow = false;
  bool previous = false;
  bool timestamps = false;
  std::optional<std::int64_t> tailLines;
  std::optional<std::int64_t> limitBytes;
  std::optional<std::int64_t> sinceSeconds;
  std::optional<std::chrono::system_clock::time_point> sinceTime;
};

// Invalid, in the API server's words, for values that are not numbers or out of range.
Result<LogOptions> parseLogOptions(const http::UrlQuery& query);

// Where the last `lines` lines of `content` begin; a last line without its newline counts.
std::size_t tailStart(std::string_view content, std::int64_t lines);

// Go's time.RFC3339Nano with trailing zeros kept to nine digits, as the kubelet writes them.
std::string formatLogTimestamp(std::chrono::system_clock::time_point time);

// Turns raw log bytes into what is sent: a timestamp before each line when asked, and the
// byte limit. Keeps track of line starts across chunks.
class LogWriter {
 public:
  LogWriter(const LogOptions& options, std::function<void(std::string)> sink);
  // Returns false once the byte limit is reached (nothing more will be sent).
  bool write(std::string_view bytes, std::chrono::system_clock::time_point time);
  bool limitReached() const { return limitReached_; }

 private:
  bool timestamps_;
  std::optional<std::int64_t> remaining_;
  std::function<void(std::string)> sink_;
  bool atLineStart_ = true;
  bool limitReached_ = false;
};

struct FollowControl {
  // Whether the container still writes to this file; following ends at the end of the file
  // once it returns false.
  std::function<bool()> containerRunning;
  // Whether the reader went away (the request was cancelled).
  std::function<bool()> cancelled;
  std::chrono::milliseconds pollInterval{100};
};

// Sends the file's content through `writer` as the options ask, following it when
// options.follow. NotFound when the file does not exist.
Status streamLogFile(const std::filesystem::path& file, const LogOptions& options, LogWriter& writer,
                     const FollowControl& control);

}  // namespace kubelab::kubelet
