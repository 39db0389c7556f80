#include "api/timestamp.h"

#include <cctype>
#include <ctime>
#include <iomanip>
#include <sstream>

namespace kubelab::api {

std::string formatTimestamp(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::ostringstream out;
  out << std::put_time(&utc, "%Y-%m-%dT%H:%M:%SZ");
  return out.str();
}

std::chrono::system_clock::time_point parseTimestamp(std::string_view text) {
  std::tm utc{};
  std::istringstream in{std::string(text)};
  in >> std::get_time(&utc, "%Y-%m-%dT%H:%M:%S");
  if (in.fail()) return {};
  auto time = std::chrono::system_clock::from_time_t(timegm(&utc));
  // Fractional seconds and an offset other than Z are rare from the API; honour a fraction.
  if (in.peek() == '.') {
    in.get();
    std::string digits;
    while (std::isdigit(in.peek())) digits += static_cast<char>(in.get());
    digits.resize(9, '0');
    time += std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::nanoseconds(std::stoll(digits)));
  }
  return time;
}

}  // namespace kubelab::api
