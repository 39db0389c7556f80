#include "apiserver/metricsapi.h"

#include <boost/json/parse.hpp>

#include <thread>

#include "api/labelselector.h"
#include "api/objectmeta.h"
#include "api/resourcetypes.h"
#include "api/timestamp.h"
#include "apiserver/responses.h"
#include "common/logging.h"

namespace kubelab::apiserver {

namespace json = boost::json;

namespace {

// Scrapes closer together than this reuse the latest; two scrapes this far apart at least
// make the window of a first rate.
constexpr auto kMinimumScrapeInterval = std::chrono::seconds(5);
constexpr auto kFirstWindow = std::chrono::seconds(1);
// A previous sample older than this makes a window too long to mean "now".
constexpr auto kStaleSample = std::chrono::seconds(60);

std::string goDuration(std::chrono::milliseconds window) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3fs", static_cast<double>(window.count()) / 1000.0);
  return text;
}

json::object usageObject(const Usage& usage) {
  return {{"cpu", formatNanoCores(usage.nanoCores)}, {"memory", formatMemory(usage.memoryBytes)}};
}

json::object metricsMetadata(const Object& object, bool namespaced, std::chrono::system_clock::time_point now) {
  json::object metadata{{"name", api::name(object)}, {"creationTimestamp", api::formatTimestamp(now)}};
  if (namespaced) metadata["namespace"] = api::namespaceOf(object);
  if (const auto* labels = api::objectAt(object, {"metadata", "labels"})) metadata["labels"] = *labels;
  return metadata;
}

}  // namespace

json::object metricsResourceList() {
  auto entry = [](const char* name, const char* singular, const char* kind, bool namespaced) {
    return json::object{{"name", name},   {"singularName", singular},
                        {"namespaced", namespaced}, {"kind", kind},
                        {"verbs", json::array{"get", "list"}}};
  };
  return {{"kind", "APIResourceList"},
          {"apiVersion", "v1"},
          {"groupVersion", std::string(kMetricsGroup) + "/" + kMetricsVersion},
          {"resources", json::array{entry("nodes", "", "NodeMetrics", false), entry("pods", "", "PodMetrics", true)}}};
}

std::optional<Usage> usageBetween(const UsageSample& previous, const UsageSample& latest) {
  auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(latest.time - previous.time);
  if (elapsed.count() <= 0 || latest.cpuNanoseconds < previous.cpuNanoseconds) return std::nullopt;
  Usage usage;
  // CPU-seconds per second, in billionths of a core.
  long double cores = static_cast<long double>(latest.cpuNanoseconds - previous.cpuNanoseconds) /
                      static_cast<long double>(elapsed.count());
  usage.nanoCores = static_cast<std::int64_t>(cores * 1e9L);
  usage.memoryBytes = latest.memoryBytes;
  usage.window = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed);
  usage.time = latest.time;
  return usage;
}

std::string formatNanoCores(std::int64_t nanoCores) { return std::to_string(nanoCores) + "n"; }

std::string formatMemory(std::uint64_t bytes) { return std::to_string(bytes / 1024) + "Ki"; }

void MetricsApi::record(const std::string& key, const UsageSample& sample) {
  std::lock_guard lock(samplesMutex_);
  auto found = samples_.find(key);
  if (found == samples_.end()) {
    samples_[key] = Samples{std::nullopt, sample};
    return;
  }
  found->second.previous = found->second.latest;
  found->second.latest = sample;
}

std::optional<Usage> MetricsApi::usageOf(const std::string& key) const {
  std::lock_guard lock(samplesMutex_);
  auto found = samples_.find(key);
  if (found == samples_.end() || !found->second.previous) return std::nullopt;
  return usageBetween(*found->second.previous, found->second.latest);
}

void MetricsApi::scrapeAll() {
  auto nodes = storage_.list(*api::findResourceType("", "v1", "nodes"), "", ListOptions{});
  if (!nodes.ok()) return;
  auto now = std::chrono::system_clock::now();
  std::map<std::string, Samples> fresh;
  for (const Object& node : nodes.value->items) {
    auto endpoint = kubelets_.endpointFor(node);
    if (!endpoint.ok()) continue;
    http::Client client(*endpoint.value);
    http::RequestOptions options;
    options.timeout = std::chrono::seconds(2);
    auto response = client.get("/stats/summary", options);
    if (!response || response->status != 200) {
      log::debug("metrics: no summary from ", api::name(node), ": ",
                 response ? std::to_string(response->status) : response.status().toString());
      continue;
    }
    boost::system::error_code error;
    json::value summary = json::parse(response->body, error);
    if (error || !summary.is_object()) continue;
    const Object& document = summary.as_object();
    auto sample = [now](const Object& entry) {
      return UsageSample{now, api::integerAt(entry, {"cpu", "usageCoreNanoSeconds"}),
                         static_cast<std::uint64_t>(api::integerAt(entry, {"memory", "workingSetBytes"}))};
    };
    if (const auto* nodeEntry = api::objectAt(document, {"node"})) record("node/" + api::name(node), sample(*nodeEntry));
    if (const auto* pods = api::arrayAt(document, {"pods"})) {
      for (const auto& pod : *pods) {
        if (!pod.is_object()) continue;
        std::string uid = api::stringAt(pod.get_object(), {"podRef", "uid"});
        if (const auto* containers = api::arrayAt(pod.get_object(), {"containers"})) {
          for (const auto& container : *containers) {
            if (!container.is_object()) continue;
            record("pod/" + uid + "/" + api::stringAt(container.get_object(), {"name"}), sample(container.get_object()));
          }
        }
      }
    }
  }
}

// Scrapes when the latest scrape is old; after a long pause (or at first) twice, a second
// apart, so every rate has a recent window.
void MetricsApi::refresh() {
  std::lock_guard lock(scrapeMutex_);
  auto now = std::chrono::steady_clock::now();
  if (lastScrape_ != std::chrono::steady_clock::time_point{} && now - lastScrape_ < kMinimumScrapeInterval) return;
  bool needsTwo = lastScrape_ == std::chrono::steady_clock::time_point{} || now - lastScrape_ > kStaleSample;
  scrapeAll();
  if (needsTwo) {
    std::this_thread::sleep_for(kFirstWindow);
    scrapeAll();
  }
  lastScrape_ = std::chrono::steady_clock::now();
}

json::object MetricsApi::nodeMetrics(const Object& node) const {
  auto usage = usageOf("node/" + api::name(node));
  if (!usage) return {};
  return {{"metadata", metricsMetadata(node, false, std::chrono::system_clock::now())},
          {"timestamp", api::formatTimestamp(usage->time)},
          {"window", goDuration(usage->window)},
          {"usage", usageObject(*usage)}};
}

std::optional<json::object> MetricsApi::podMetrics(const Object& pod) const {
  json::array containers;
  std::optional<Usage> any;
  if (const auto* specs = api::arrayAt(pod, {"spec", "containers"})) {
    for (const auto& spec : *specs) {
      if (!spec.is_object()) continue;
      std::string name = api::stringAt(spec.get_object(), {"name"});
      auto usage = usageOf("pod/" + api::uid(pod) + "/" + name);
      if (!usage) continue;
      any = usage;
      containers.push_back({{"name", name}, {"usage", usageObject(*usage)}});
    }
  }
  // As metrics-server: a pod without a rate for any container is left out.
  if (!any) return std::nullopt;
  return json::object{{"metadata", metricsMetadata(pod, true, std::chrono::system_clock::now())},
                      {"timestamp", api::formatTimestamp(any->time)},
                      {"window", goDuration(any->window)},
                      {"containers", std::move(containers)}};
}

void MetricsApi::serve(const http::Request& request, http::Exchange& exchange, const RequestInfo& info) {
  if (info.version != kMetricsVersion || (info.resource != "nodes" && info.resource != "pods") ||
      !info.subresource.empty()) {
    return respondError(exchange, resourceNotFound());
  }
  if (info.verb != "get" && info.verb != "list") return respondError(exchange, methodNotAllowed());
  if (!kubelets_.configured()) {
    return respondError(exchange, serviceUnavailable("the API server has no kubelet client certificate, so it cannot "
                                                     "gather metrics from the kubelets"));
  }
  const bool nodes = info.resource == "nodes";
  if (nodes && !info.namespaceName.empty()) return respondError(exchange, resourceNotFound());
  auto selector = api::LabelSelector::parse(queryParameter(request.query(), "labelSelector"));
  if (!selector) return respondError(exchange, badRequest(selector.status().message()));
  refresh();
  const api::ResourceType& type = *api::findResourceType("", "v1", nodes ? "nodes" : "pods");
  const char* kind = nodes ? "NodeMetrics" : "PodMetrics";
  const std::string apiVersion = std::string(kMetricsGroup) + "/" + kMetricsVersion;
  auto metricsOf = [&](const Object& object) -> std::optional<json::object> {
    if (nodes) {
      json::object metrics = nodeMetrics(object);
      if (metrics.empty()) return std::nullopt;
      return metrics;
    }
    return podMetrics(object);
  };
  if (!info.name.empty()) {
    auto object = storage_.get(type, info.namespaceName, info.name);
    if (!object.ok()) return respondError(exchange, notFound(info.resource + "." + kMetricsGroup, kMetricsGroup,
                                                             info.resource, info.name));
    auto metrics = metricsOf(*object.value);
    if (!metrics) {
      return respondError(exchange, notFound(info.resource + "." + kMetricsGroup, kMetricsGroup, info.resource, info.name));
    }
    (*metrics)["kind"] = kind;
    (*metrics)["apiVersion"] = apiVersion;
    return respondObject(exchange, 200, *metrics);
  }
  auto objects = storage_.list(type, info.namespaceName, ListOptions{});
  if (!objects.ok()) return respondError(exchange, objects.error);
  json::array items;
  for (const Object& object : objects.value->items) {
    if (!selector->matches(api::labels(object))) continue;
    if (auto metrics = metricsOf(object)) items.push_back(std::move(*metrics));
  }
  respondObject(exchange, 200,
                json::object{{"kind", std::string(kind) + "List"},
                             {"apiVersion", apiVersion},
                             {"metadata", json::object{}},
                             {"items", std::move(items)}});
}

}  // namespace kubelab::apiserver
