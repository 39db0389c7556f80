#pragma once
// Indexed Jobs (Kubernetes' indexed_job_utils.go): each pod carries a completion index
// 0..completions-1 in the batch.kubernetes.io/job-completion-index annotation and label, has
// hostname "<job>-<index>" and the JOB_COMPLETION_INDEX variable, and the Job is complete once
// every index has succeeded. status.completedIndexes lists them as intervals ("0-2,4").

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace kubelab::controllers {

inline constexpr const char* kJobCompletionIndexAnnotation = "batch.kubernetes.io/job-completion-index";

bool isIndexedJob(const boost::json::object& job);
// The pod's completion index, or nullopt when it has none or it is not a number.
std::optional<std::int64_t> completionIndexOf(const boost::json::object& pod);
// "1,3-5" <-> {1, 3, 4, 5}; unparsable parts are skipped.
std::set<std::int64_t> parseIndexIntervals(std::string_view text);
std::string formatIndexIntervals(const std::set<std::int64_t>& indexes);
// Adds the index's annotation, label, hostname and environment variable to a new pod.
void setPodCompletionIndex(boost::json::object& pod, const std::string& jobName, std::int64_t index);

}  // namespace kubelab::controllers
