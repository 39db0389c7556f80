// Validation of batch/v1: Jobs and CronJobs, including the cron schedule syntax.
#include <algorithm>
#include <charconv>
#include <sstream>

#include "api/validationinternal.h"

namespace kubelab::api::detail {
namespace json = boost::json;
namespace {

const Object& specOf(const Object& object) {
  static const Object empty;
  const Object* spec = objectAt(object, {"spec"});
  return spec == nullptr ? empty : *spec;
}

// Checks one cron field ("*/5", "1-10", "MON-FRI", "0,30") against its range, with the messages of
// the cron library Kubernetes uses.
std::string cronFieldError(const std::string& field, int low, int high) {
  std::stringstream items(field);
  std::string item;
  while (std::getline(items, item, ',')) {
    std::string range = item.substr(0, item.find('/'));
    if (item.find('/') != std::string::npos) {
      std::string step = item.substr(item.find('/') + 1);
      int value = 0;
      auto [end, error] = std::from_chars(step.data(), step.data() + step.size(), value);
      if (error != std::errc() || end != step.data() + step.size()) {
        return "failed to parse int from " + step + ": strconv.Atoi: parsing " + renderString(step) + ": invalid syntax";
      }
    }
    if (range == "*" || range == "?") continue;
    std::size_t dash = range.find('-');
    std::vector<std::string> bounds{range.substr(0, dash)};
    if (dash != std::string::npos) bounds.push_back(range.substr(dash + 1));
    for (const std::string& bound : bounds) {
      bool named = std::all_of(bound.begin(), bound.end(), ::isalpha) && bound.size() == 3;
      if (named) continue;  // JAN..DEC, SUN..SAT
      int value = 0;
      auto [end, error] = std::from_chars(bound.data(), bound.data() + bound.size(), value);
      if (error != std::errc() || end != bound.data() + bound.size() || bound.empty()) {
        return "failed to parse int from " + bound + ": strconv.Atoi: parsing " + renderString(bound) + ": invalid syntax";
      }
      if (value < low) return "beginning of range (" + std::to_string(value) + ") below minimum (" + std::to_string(low) + "): " + item;
      if (value > high) return "end of range (" + std::to_string(value) + ") above maximum (" + std::to_string(high) + "): " + item;
    }
  }
  return "";
}

std::string scheduleError(const std::string& schedule) {
  if (schedule.find("TZ") != std::string::npos) return "cannot use TZ or CRON_TZ in schedule, use timeZone field instead";
  if (schedule[0] == '@') {
    static const std::vector<std::string> descriptors{"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"};
    if (std::find(descriptors.begin(), descriptors.end(), schedule) != descriptors.end() || schedule.rfind("@every ", 0) == 0) return "";
    return "unrecognized descriptor: " + schedule;
  }
  std::vector<std::string> fields;
  std::stringstream stream(schedule);
  for (std::string field; stream >> field;) fields.push_back(field);
  if (fields.size() != 5) {
    std::string joined;
    for (const std::string& field : fields) joined += (joined.empty() ? "" : " ") + field;
    return "expected exactly 5 fields, found " + std::to_string(fields.size()) + ": [" + joined + "]";
  }
  const int ranges[5][2] = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 6}};
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (std::string error = cronFieldError(fields[i], ranges[i][0], ranges[i][1]); !error.empty()) return error;
  }
  return "";
}

// validateJobSpec without the selector: counts, completion mode and the pod template.
void validateJobSpecBody(const Object& spec, const std::string& path, FieldErrors& errors) {
  for (std::string_view field : {"parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished"}) {
    validateNonnegative(errors, childPath(path, field), spec.if_contains(field));
  }
  std::string mode = stringAt(spec, {"completionMode"});
  if (!mode.empty() && mode != "NonIndexed" && mode != "Indexed") {
    errors.push_back(notSupportedError(childPath(path, "completionMode"), renderString(mode), {"NonIndexed", "Indexed"}));
  }
  if (mode == "Indexed" && !isSet(spec.if_contains("completions"))) {
    errors.push_back(requiredError(childPath(path, "completions"), "when completion mode is Indexed"));
  }
  const Object* podTemplate = objectAt(spec, {"template"});
  validatePodTemplate(podTemplate, childPath(path, "template"), errors);
  std::string policy = podTemplate == nullptr ? "" : stringAt(*podTemplate, {"spec", "restartPolicy"});
  std::string policyPath = childPath(path, "template.spec.restartPolicy");
  if (policy == "Always" || policy.empty()) {
    errors.push_back(requiredError(policyPath, "valid values: \"OnFailure\", \"Never\""));
  } else if (policy != "OnFailure" && policy != "Never") {
    errors.push_back(notSupportedError(policyPath, renderString(policy), {"OnFailure", "Never"}));
  }
}

void validateJobUpdate(const Object& spec, const Object& oldSpec, FieldErrors& errors) {
  const json::value* selector = spec.if_contains("selector");
  validateImmutable(errors, "spec.selector", selector, oldSpec.if_contains("selector"), renderLabelSelector(selector));
  validateImmutable(errors, "spec.completions", spec.if_contains("completions"), oldSpec.if_contains("completions"),
                    renderOptional(spec.if_contains("completions")));
  validateImmutable(errors, "spec.completionMode", spec.if_contains("completionMode"), oldSpec.if_contains("completionMode"),
                    renderOptional(spec.if_contains("completionMode")));
  validateImmutable(errors, "spec.template", spec.if_contains("template"), oldSpec.if_contains("template"),
                    renderOptional(spec.if_contains("template")));
}

void validateJob(const Object& job, const Object* old, FieldErrors& errors) {
  const Object& spec = specOf(job);
  validateJobSpecBody(spec, "spec", errors);
  const json::value* selector = spec.if_contains("selector");
  if (!isSet(selector)) {
    errors.push_back(requiredError("spec.selector"));
  } else {
    validateLabelSelector(selector, "spec.selector", errors);
    const Object* podTemplate = objectAt(spec, {"template"});
    if (!selectorMatchesTemplate(selector, podTemplate)) {
      const Object* labels = podTemplate ? objectAt(*podTemplate, {"metadata", "labels"}) : nullptr;
      errors.push_back(invalidError("spec.template.metadata.labels",
                                    renderStringMap(podTemplate ? stringMap(*podTemplate, {"metadata", "labels"}) : std::map<std::string, std::string>(), labels != nullptr),
                                    "`selector` does not match template `labels`"));
    }
  }
  if (old != nullptr) validateJobUpdate(spec, specOf(*old), errors);
}

void validateCronJob(const Object& cronJob, const Object* old, FieldErrors& errors) {
  const Object& spec = specOf(cronJob);
  std::string schedule = stringAt(spec, {"schedule"});
  if (schedule.empty()) {
    errors.push_back(requiredError("spec.schedule"));
  } else if (std::string error = scheduleError(schedule); !error.empty()) {
    errors.push_back(invalidError("spec.schedule", renderString(schedule), error));
  }
  validateNonnegative(errors, "spec.startingDeadlineSeconds", spec.if_contains("startingDeadlineSeconds"));
  std::string policy = stringAt(spec, {"concurrencyPolicy"});
  if (policy.empty()) {
    errors.push_back(requiredError("spec.concurrencyPolicy"));
  } else if (policy != "Allow" && policy != "Forbid" && policy != "Replace") {
    errors.push_back(notSupportedError("spec.concurrencyPolicy", renderString(policy), {"Allow", "Forbid", "Replace"}));
  }
  const Object* jobSpec = objectAt(spec, {"jobTemplate", "spec"});
  validateJobSpecBody(jobSpec ? *jobSpec : Object(), "spec.jobTemplate.spec", errors);
  if (jobSpec != nullptr && isSet(jobSpec->if_contains("selector"))) {
    errors.push_back(invalidError("spec.jobTemplate.spec.selector", renderLabelSelector(jobSpec->if_contains("selector")),
                                  "`selector` will be auto-generated"));
  }
  validateNonnegative(errors, "spec.successfulJobsHistoryLimit", spec.if_contains("successfulJobsHistoryLimit"));
  validateNonnegative(errors, "spec.failedJobsHistoryLimit", spec.if_contains("failedJobsHistoryLimit"));
  // The controller appends an 11-character suffix to make job names, which are at most 63.
  std::string cronJobName = name(cronJob);
  if (old == nullptr && cronJobName.size() > 52) {
    errors.push_back(invalidError("metadata.name", renderString(cronJobName), "must be no more than 52 characters"));
  }
}

}  // namespace

void validateBatchType(const ResourceType& type, const Object& object, const Object* old, FieldErrors& errors) {
  if (type.kind == "Job") validateJob(object, old, errors);
  if (type.kind == "CronJob") validateCronJob(object, old, errors);
}

}  // namespace kubelab::api::detail
