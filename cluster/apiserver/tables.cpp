#include "apiserver/tables.h"

#include <boost/json/array.hpp>

#include "apiserver/tableprinters.h"

namespace kubelab::apiserver {

namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

boost::json::object columnDefinition(const TableColumn& column) {
  return {{"name", column.name},
          {"type", column.type},
          {"format", column.format},
          {"description", column.description},
          {"priority", column.priority}};
}

// Only the list fields Kubernetes sets travel into the Table's metadata.
boost::json::object tableMetadata(const object& listMetadata) {
  object metadata;
  for (std::string_view field : {"resourceVersion", "continue", "remainingItemCount"}) {
    const value* found = listMetadata.if_contains(field);
    if (found == nullptr || found->is_null() || (found->is_string() && found->get_string().empty())) continue;
    metadata[field] = *found;
  }
  return metadata;
}

value rowObject(const object& item, std::string_view includeObject) {
  if (includeObject == "None") return nullptr;
  if (includeObject == "Object") return item;
  const value* metadata = item.if_contains("metadata");
  return object{{"kind", "PartialObjectMetadata"},
                {"apiVersion", "meta.k8s.io/v1"},
                {"metadata", metadata != nullptr ? *metadata : value(object())}};
}

// Kubernetes' default table convertor: the name and the creation time in RFC 3339.
TableRowCells defaultRow(const object& item) {
  const value* created = item.if_contains("metadata") != nullptr && item.at("metadata").is_object()
                             ? item.at("metadata").get_object().if_contains("creationTimestamp")
                             : nullptr;
  std::string createdAt = created != nullptr && created->is_string() ? std::string(created->get_string())
                                                                    : "0001-01-01T00:00:00Z";
  TableRowCells row;
  row.cells = {text(at(item, {"metadata", "name"})), createdAt};
  return row;
}

}  // namespace

Result<boost::json::object> buildTable(std::string_view group, std::string_view plural, const std::vector<object>& objects,
                                       const object& listMetadata, const TableOptions& options,
                                       std::chrono::system_clock::time_point now) {
  const std::string& includeObject = options.includeObject;
  if (!includeObject.empty() && includeObject != "None" && includeObject != "Metadata" && includeObject != "Object") {
    return badRequest("unrecognized includeObject value: \"" + includeObject + "\"");
  }
  const TablePrinter& printer = tablePrinterFor(group, plural);

  array columns;
  for (const TableColumn& column : printer.columns) columns.push_back(columnDefinition(column));

  array rows;
  for (const object& item : objects) {
    TableRowCells cells = printer.row != nullptr ? printer.row(item, now) : defaultRow(item);
    object row{{"cells", std::move(cells.cells)}};
    if (!cells.conditions.empty()) row["conditions"] = std::move(cells.conditions);
    row["object"] = rowObject(item, includeObject);
    rows.push_back(std::move(row));
  }

  object table{{"kind", "Table"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", tableMetadata(listMetadata)}};
  table["columnDefinitions"] = options.noHeaders ? value(nullptr) : value(std::move(columns));
  // The default convertor leaves an empty list of rows unset, which Go encodes as null.
  table["rows"] = rows.empty() && printer.row == nullptr ? value(nullptr) : value(std::move(rows));
  return table;
}

}  // namespace kubelab::apiserver
