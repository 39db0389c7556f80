#pragma once
// A thin RAII layer over the SQLite C API. SQLite's result codes are translated into
// Status here, at the boundary, so nothing above this file sees them.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace kubelab::store {

class Statement {
 public:
  Statement(sqlite3* database, sqlite3_stmt* statement) : database_(database), statement_(statement) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;

  // Binding is 1-based as in SQLite; values are copied (SQLITE_TRANSIENT) unless noted.
  Statement& bind(int index, std::int64_t value);
  Statement& bindBlob(int index, std::string_view bytes);  // not copied: keep it alive until step()
  Statement& bindNull(int index);

  // Advances to the next row: true on a row, false when done. Errors come back as a Status.
  Result<bool> step();
  // Steps a statement that returns no rows.
  Status run();
  void reset();

  std::int64_t integer(int column) const;
  std::string blob(int column) const;
  bool isNull(int column) const;

 private:
  sqlite3* database_;
  sqlite3_stmt* statement_;
};

class SqliteDatabase {
 public:
  // Opens (creating if needed) the database file.
  static Result<std::unique_ptr<SqliteDatabase>> open(const std::string& path, bool readOnly);
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  Status execute(const std::string& sql);
  // Prepares a statement; hot statements are prepared once by their owner and reused.
  Result<Statement> prepare(const std::string& sql);
  sqlite3* handle() { return database_; }

  Status translate(int resultCode, std::string_view context) const;

 private:
  explicit SqliteDatabase(sqlite3* database) : database_(database) {}
  sqlite3* database_;
};

}  // namespace kubelab::store
