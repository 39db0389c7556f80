#pragma once
// Which columns each served resource has in a Table, and which function fills its rows.
// Resources Kubernetes has no printer for (roles, limit ranges, ...) get the default pair of
// columns, NAME and CREATED AT.

#include <string_view>
#include <vector>

#include "apiserver/tablerows.h"

namespace kubelab::apiserver {

struct TableColumn {
  std::string_view name;  // kubectl prints it upper-cased: "Nominated Node" -> NOMINATED NODE
  std::string_view type;  // "string", "integer", "boolean", "date"
  std::string_view format;  // "name" for the column that names the object
  std::string_view description;
  int priority = 0;  // 1: only with kubectl get -o wide
};

struct TablePrinter {
  std::vector<TableColumn> columns;
  TableRowPrinter row = nullptr;  // nullptr: the default NAME / CREATED AT row
};

// The printer for `group` ("" for core) and the resource's plural name.
const TablePrinter& tablePrinterFor(std::string_view group, std::string_view plural);

}  // namespace kubelab::apiserver
