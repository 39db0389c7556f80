#pragma once
// How Kubernetes' server-side printers spell values in Table cells: ages ("45s", "5m12s",
// "2d5h"), label sets and selectors, container lists and quantities.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace kubelab::apiserver {

using TablePoint = std::chrono::system_clock::time_point;

// Kubernetes' duration.HumanDuration: about two significant figures, e.g. 45s, 119s, 5m12s, 42m,
// 3h5m, 20h, 2d5h, 10d, 2y30d, 9y. Below -1s it is "<invalid>".
std::string humanDuration(std::chrono::nanoseconds duration);
// Kubernetes' duration.ShortHumanDuration: one unit, e.g. 45s, 5m, 3h, 10d, 2y.
std::string shortHumanDuration(std::chrono::nanoseconds duration);

// RFC 3339 as Kubernetes writes times ("2024-05-01T12:00:00Z", with optional fraction or offset).
std::optional<TablePoint> parseTimestamp(std::string_view text);

// The age since a timestamp field (HumanDuration of now - t), or "<unknown>" when it is missing,
// not a time, or Go's zero time.
std::string ageSince(const boost::json::value* timestamp, TablePoint now);

// The string at a path, or "" (also for non-strings).
std::string text(const boost::json::value* value);
// An integer field, or `fallback` when missing.
std::int64_t integer(const boost::json::value* value, std::int64_t fallback = 0);
// Follows object keys; nullptr when a step is missing.
const boost::json::value* at(const boost::json::value* value, std::initializer_list<std::string_view> path);
const boost::json::value* at(const boost::json::object& object, std::initializer_list<std::string_view> path);
// The number of elements of a list or members of an object; 0 otherwise.
std::int64_t countOf(const boost::json::value* value);

// labels.FormatLabels: "a=1,b=2" in key order, "<none>" when empty.
std::string formatLabels(const boost::json::value* labels);
// A metav1.LabelSelector as its string form ("app=web,tier in (a,b)"): metav1.FormatLabelSelector
// prints "<none>" for an empty one; the Deployment printer prints "" instead.
std::string formatLabelSelector(const boost::json::value* selector);
std::string labelSelectorString(const boost::json::value* selector);

// The CONTAINERS and IMAGES cells: names and images joined by commas.
std::pair<std::string, std::string> containerCells(const boost::json::value* containers);

// A resource quantity in Kubernetes' canonical spelling ("1Gi", "500m"); "0" when missing.
std::string quantityString(const boost::json::value* quantity);

}  // namespace kubelab::apiserver
