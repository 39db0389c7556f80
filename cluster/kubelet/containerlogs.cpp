#include "kubelet/containerlogs.h"

#include <charconv>
#include <ctime>
#include <fstream>
#include <thread>

#include "api/timestamp.h"

namespace kubelab::kubelet {

namespace {

using SystemClock = std::chrono::system_clock;

bool parseBoolean(const std::string& value) {
  return value == "1" || value == "t" || value == "T" || value == "true" || value == "TRUE" || value == "True";
}

Result<std::optional<std::int64_t>> parseInteger(const http::UrlQuery& query, std::string_view name) {
  if (!query.has(name)) return std::optional<std::int64_t>();
  std::string text = query.get(name);
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return invalid(std::string(name) + ": Invalid value: \"" + text + "\": must be an integer");
  }
  return std::optional<std::int64_t>(value);
}

SystemClock::time_point modificationTime(const std::filesystem::path& file) {
  std::error_code error;
  auto written = std::filesystem::last_write_time(file, error);
  if (error) return SystemClock::now();
  // GCC 12 has no clock_cast: translate through both clocks' "now".
  auto sinceWritten = std::filesystem::file_time_type::clock::now() - written;
  return SystemClock::now() - std::chrono::duration_cast<SystemClock::duration>(sinceWritten);
}

std::optional<SystemClock::time_point> sinceOf(const LogOptions& options, SystemClock::time_point now) {
  if (options.sinceTime) return options.sinceTime;
  if (options.sinceSeconds) return now - std::chrono::seconds(*options.sinceSeconds);
  return std::nullopt;
}

}  // namespace

Result<LogOptions> parseLogOptions(const http::UrlQuery& query) {
  LogOptions options;
  options.follow = parseBoolean(query.get("follow"));
  options.previous = parseBoolean(query.get("previous"));
  options.timestamps = parseBoolean(query.get("timestamps"));
  auto tailLines = parseInteger(query, "tailLines");
  if (!tailLines) return tailLines.status();
  auto limitBytes = parseInteger(query, "limitBytes");
  if (!limitBytes) return limitBytes.status();
  auto sinceSeconds = parseInteger(query, "sinceSeconds");
  if (!sinceSeconds) return sinceSeconds.status();
  // The API server's PodLogOptions validation, with its field names and messages.
  if (*tailLines && **tailLines < 0) return invalid("tailLines: Invalid value: " + std::to_string(**tailLines) + ": must be greater than or equal to 0");
  if (*limitBytes && **limitBytes < 1) return invalid("limitBytes: Invalid value: " + std::to_string(**limitBytes) + ": must be greater than 0");
  if (*sinceSeconds && **sinceSeconds < 1) return invalid("sinceSeconds: Invalid value: " + std::to_string(**sinceSeconds) + ": must be greater than 0");
  options.tailLines = *tailLines;
  options.limitBytes = *limitBytes;
  options.sinceSeconds = *sinceSeconds;
  if (query.has("sinceTime")) {
    if (options.sinceSeconds) return invalid("at most one of sinceTime or sinceSeconds may be specified");
    auto since = api::parseTimestamp(query.get("sinceTime"));
    if (since == SystemClock::time_point{}) return invalid("sinceTime: Invalid value: \"" + query.get("sinceTime") + "\": not an RFC 3339 time");
    options.sinceTime = since;
  }
  return options;
}

std::size_t tailStart(std::string_view content, std::int64_t lines) {
  if (lines <= 0) return content.size();
  std::size_t position = content.size();
  // A last line without its newline is a line too; its end is the content's end.
  if (position > 0 && content[position - 1] == '\n') --position;
  while (position > 0) {
    std::size_t newline = content.rfind('\n', position - 1);
    if (newline == std::string_view::npos) return 0;
    if (--lines == 0) return newline + 1;
    position = newline;
  }
  return 0;
}

std::string formatLogTimestamp(SystemClock::time_point time) {
  auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(time);
  auto nanoseconds = std::chrono::duration_cast<std::chrono::nanoseconds>(time - seconds).count();
  std::time_t whole = SystemClock::to_time_t(seconds);
  std::tm utc{};
  gmtime_r(&whole, &utc);
  char buffer[64];
  std::size_t length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(buffer + length, sizeof buffer - length, ".%09lldZ", static_cast<long long>(nanoseconds));
  return buffer;
}

LogWriter::LogWriter(const LogOptions& options, std::function<void(std::string)> sink)
    : timestamps_(options.timestamps), remaining_(options.limitBytes), sink_(std::move(sink)) {}

bool LogWriter::write(std::string_view bytes, SystemClock::time_point time) {
  if (limitReached_) return false;
  std::string out;
  if (!timestamps_) {
    out = std::string(bytes);
  } else {
    std::string stamp = formatLogTimestamp(time) + " ";
    for (char c : bytes) {
      if (atLineStart_) out += stamp;
      out += c;
      atLineStart_ = c == '\n';
    }
  }
  if (remaining_) {
    if (static_cast<std::int64_t>(out.size()) >= *remaining_) {
      out.resize(static_cast<std::size_t>(*remaining_));
      limitReached_ = true;
    }
    *remaining_ -= static_cast<std::int64_t>(out.size());
  }
  if (!out.empty()) sink_(std::move(out));
  return !limitReached_;
}

Status streamLogFile(const std::filesystem::path& file, const LogOptions& options, LogWriter& writer,
                     const FollowControl& control) {
  std::ifstream input(file, std::ios::binary);
  if (!input) return notFound("no log file " + file.string());
  std::string content((std::istreambuf_iterator<char>(input)), std::istreambuf_iterator<char>());
  auto now = SystemClock::now();
  auto written = modificationTime(file);
  auto since = sinceOf(options, now);
  std::uint64_t offset = content.size();
  if (!since || written >= *since) {
    std::size_t start = options.tailLines ? tailStart(content, *options.tailLines) : 0;
    if (!writer.write(std::string_view(content).substr(start), written)) return Status::ok();
  }
  if (!options.follow) return Status::ok();
  char buffer[16 * 1024];
  for (;;) {
    if (control.cancelled && control.cancelled()) return Status::ok();
    // Read what was appended; the container may have been running when the check came.
    bool running = !control.containerRunning || control.containerRunning();
    input.clear();
    input.seekg(static_cast<std::streamoff>(offset));
    for (;;) {
      input.read(buffer, sizeof buffer);
      std::streamsize read = input.gcount();
      if (read <= 0) break;
      offset += static_cast<std::uint64_t>(read);
      if (!writer.write(std::string_view(buffer, static_cast<std::size_t>(read)), SystemClock::now())) return Status::ok();
    }
    if (!running) return Status::ok();
    std::this_thread::sleep_for(control.pollInterval);
  }
}

}  // namespace kubelab::kubelet
