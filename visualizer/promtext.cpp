#include "promtext.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace kubelab::visualizer {

namespace {

std::optional<double> parseNumber(std::string_view text) {
  if (text == "+Inf" || text == "Inf") return std::numeric_limits<double>::infinity();
  if (text == "-Inf") return -std::numeric_limits<double>::infinity();
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  std::string copy(text);
  char* end = nullptr;
  double value = std::strtod(copy.c_str(), &end);
  if (copy.empty() || end != copy.c_str() + copy.size()) return std::nullopt;
  return value;
}

// `name{a="x",b="y"} value [timestamp]`
std::optional<PromSample> parseLine(std::string_view line) {
  PromSample sample;
  std::size_t i = 0;
  while (i < line.size() && line[i] != '{' && line[i] != ' ' && line[i] != '\t') ++i;
  sample.name = std::string(line.substr(0, i));
  if (sample.name.empty()) return std::nullopt;
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (i < line.size() && line[i] != '}') {
      while (i < line.size() && (line[i] == ',' || line[i] == ' ')) ++i;
      if (i < line.size() && line[i] == '}') break;
      std::size_t equals = line.find('=', i);
      if (equals == std::string_view::npos || equals + 1 >= line.size() || line[equals + 1] != '"') return std::nullopt;
      std::string key(line.substr(i, equals - i));
      std::string value;
      i = equals + 2;
      while (i < line.size() && line[i] != '"') {
        if (line[i] == '\\' && i + 1 < line.size()) {
          ++i;
          value += line[i] == 'n' ? '\n' : line[i];
        } else {
          value += line[i];
        }
        ++i;
      }
      if (i >= line.size()) return std::nullopt;
      ++i;  // the closing quote
      sample.labels.emplace(std::move(key), std::move(value));
    }
    if (i >= line.size()) return std::nullopt;
    ++i;  // '}'
  }
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  std::size_t end = i;
  while (end < line.size() && line[end] != ' ' && line[end] != '\t') ++end;
  auto value = parseNumber(line.substr(i, end - i));
  if (!value) return std::nullopt;
  sample.value = *value;
  return sample;
}

}  // namespace

std::vector<PromSample> parsePrometheusText(std::string_view text) {
  std::vector<PromSample> samples;
  while (!text.empty()) {
    std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    if (auto sample = parseLine(line)) samples.push_back(std::move(*sample));
  }
  return samples;
}

ApiRequestTotals apiRequestTotals(const std::vector<PromSample>& samples) {
  ApiRequestTotals totals;
  for (const PromSample& sample : samples) {
    if (sample.name == "apiserver_request_total") {
      totals.requests += sample.value;
    } else if (sample.name == "apiserver_request_duration_seconds_sum") {
      totals.durationSum += sample.value;
    } else if (sample.name == "apiserver_request_duration_seconds_count") {
      totals.durationCount += sample.value;
    } else if (sample.name == "apiserver_request_duration_seconds_bucket") {
      auto le = sample.labels.find("le");
      if (le == sample.labels.end()) continue;
      if (auto bound = parseNumber(le->second)) totals.buckets[*bound] += sample.value;
    } else if (sample.name == "kubelab_apiserver_client_requests_total") {
      totals.hasClientRequests = true;
      auto user = sample.labels.find("user");
      if (user != sample.labels.end()) totals.clientRequests[user->second] += sample.value;
    } else if (sample.name == "etcd_requests_total") {
      totals.storeOperations = totals.storeOperations.value_or(0) + sample.value;
    }
  }
  return totals;
}

std::optional<double> histogramQuantile(double q, const std::map<double, double>& buckets) {
  if (buckets.empty()) return std::nullopt;
  double total = buckets.rbegin()->second;
  if (total <= 0) return std::nullopt;
  double rank = q * total;
  double lowerBound = 0;
  double lowerCount = 0;
  for (const auto& [bound, count] : buckets) {
    if (count >= rank) {
      // In the +Inf bucket the best answer is the highest finite bound.
      if (std::isinf(bound)) return lowerBound;
      if (count == lowerCount) return bound;
      return lowerBound + (bound - lowerBound) * (rank - lowerCount) / (count - lowerCount);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

ApiRequestRate apiRequestRate(const ApiRequestTotals& previous, const ApiRequestTotals& current, double seconds) {
  ApiRequestRate rate;
  // A counter that went down means the server restarted: the current value is the increase.
  bool reset = current.requests < previous.requests || current.durationCount < previous.durationCount;
  auto delta = [reset](double now, double before) { return reset ? now : now - before; };
  if (seconds > 0) rate.requestsPerSecond = delta(current.requests, previous.requests) / seconds;
  double count = delta(current.durationCount, previous.durationCount);
  if (count > 0) {
    rate.meanLatency = delta(current.durationSum, previous.durationSum) / count;
    std::map<double, double> buckets;
    for (const auto& [bound, value] : current.buckets) {
      auto before = previous.buckets.find(bound);
      buckets[bound] = delta(value, before == previous.buckets.end() ? 0 : before->second);
    }
    rate.p50 = histogramQuantile(0.5, buckets);
    rate.p99 = histogramQuantile(0.99, buckets);
  }
  // Each client's counter, and the store's, also count from zero when they went down on their
  // own; a client not seen before started after the previous scrape.
  auto perSecond = [&](double now, double before) {
    if (seconds <= 0) return 0.0;
    return (reset || now < before ? now : now - before) / seconds;
  };
  rate.hasClientRequests = current.hasClientRequests;
  for (const auto& [user, requests] : current.clientRequests) {
    auto before = previous.clientRequests.find(user);
    rate.clientRequestsPerSecond[user] =
        perSecond(requests, before == previous.clientRequests.end() ? 0 : before->second);
  }
  if (current.storeOperations && previous.storeOperations) {
    rate.storeOperationsPerSecond = perSecond(*current.storeOperations, *previous.storeOperations);
  }
  return rate;
}

}  // namespace kubelab::visualizer
