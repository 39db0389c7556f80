#pragma once
// Minimal leveled logging to stderr, one line per message, safe across threads.
// Daemons' stderr goes to their log file under the cluster's state directory.

#include <sstream>
#include <string>
#include <string_view>

namespace kubelab::log {

enum class Level { Debug, Info, Warning, Error };

void setComponent(std::string component);
void setMinimumLevel(Level level);
bool enabled(Level level);
void write(Level level, std::string_view message);

namespace detail {
template <typename... Parts>
std::string concat(const Parts&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}
}  // namespace detail

template <typename... Parts>
void debug(const Parts&... parts) {
  if (enabled(Level::Debug)) write(Level::Debug, detail::concat(parts...));
}
template <typename... Parts>
void info(const Parts&... parts) {
  if (enabled(Level::Info)) write(Level::Info, detail::concat(parts...));
}
template <typename... Parts>
void warning(const Parts&... parts) {
  if (enabled(Level::Warning)) write(Level::Warning, detail::concat(parts...));
}
template <typename... Parts>
void error(const Parts&... parts) {
  if (enabled(Level::Error)) write(Level::Error, detail::concat(parts...));
}

}  // namespace kubelab::log
