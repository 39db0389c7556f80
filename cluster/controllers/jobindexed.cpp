#include "controllers/jobindexed.h"

#include <boost/json/array.hpp>

#include <charconv>

#include "api/objectmeta.h"

namespace kubelab::controllers {
namespace {
namespace json = boost::json;

std::optional<std::int64_t> parseIndex(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

void addIndexVariable(json::object& spec, std::string_view containersField) {
  json::value* containers = spec.if_contains(containersField);
  if (containers == nullptr || !containers->is_array()) return;
  for (json::value& container : containers->get_array()) {
    if (!container.is_object()) continue;
    json::array& env = api::ensureArray(container.get_object(), "env");
    env.push_back(json::object{
        {"name", "JOB_COMPLETION_INDEX"},
        {"valueFrom", json::object{{"fieldRef", json::object{{"fieldPath", std::string("metadata.annotations['") +
                                                                               kJobCompletionIndexAnnotation + "']"}}}}}});
  }
}

}  // namespace

bool isIndexedJob(const json::object& job) { return api::stringAt(job, {"spec", "completionMode"}) == "Indexed"; }

std::optional<std::int64_t> completionIndexOf(const json::object& pod) {
  std::string annotation = api::stringAt(pod, {"metadata", "annotations", kJobCompletionIndexAnnotation});
  if (annotation.empty()) annotation = api::stringAt(pod, {"metadata", "labels", kJobCompletionIndexAnnotation});
  return parseIndex(annotation);
}

std::set<std::int64_t> parseIndexIntervals(std::string_view text) {
  std::set<std::int64_t> indexes;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    std::size_t dash = part.find('-');
    std::optional<std::int64_t> first = parseIndex(part.substr(0, dash));
    std::optional<std::int64_t> last = dash == std::string_view::npos ? first : parseIndex(part.substr(dash + 1));
    if (first && last) {
      for (std::int64_t index = *first; index <= *last; ++index) indexes.insert(index);
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return indexes;
}

std::string formatIndexIntervals(const std::set<std::int64_t>& indexes) {
  std::string text;
  for (auto it = indexes.begin(); it != indexes.end();) {
    std::int64_t first = *it;
    std::int64_t last = first;
    for (++it; it != indexes.end() && *it == last + 1; ++it) last = *it;
    if (!text.empty()) text += ',';
    text += std::to_string(first);
    if (last > first) text += "-" + std::to_string(last);
  }
  return text;
}

void setPodCompletionIndex(json::object& pod, const std::string& jobName, std::int64_t index) {
  json::object& metadata = api::ensureObject(pod, "metadata");
  std::string value = std::to_string(index);
  api::ensureObject(metadata, "annotations")[kJobCompletionIndexAnnotation] = value;
  api::ensureObject(metadata, "labels")[kJobCompletionIndexAnnotation] = value;
  metadata["generateName"] = jobName + "-" + value + "-";
  json::object& spec = api::ensureObject(pod, "spec");
  spec["hostname"] = jobName + "-" + value;
  addIndexVariable(spec, "initContainers");
  addIndexVariable(spec, "containers");
}

}  // namespace kubelab::controllers
