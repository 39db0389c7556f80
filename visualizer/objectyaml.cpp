#include "objectyaml.h"

#include <yaml-cpp/yaml.h>

#include <string>

namespace kubelab::visualizer {

namespace {

void emitValue(YAML::Emitter& out, const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::object:
      out << YAML::BeginMap;
      for (const auto& entry : value.as_object()) {
        out << YAML::Key << std::string(entry.key());
        out << YAML::Value;
        emitValue(out, entry.value());
      }
      out << YAML::EndMap;
      break;
    case boost::json::kind::array:
      out << YAML::BeginSeq;
      for (const boost::json::value& item : value.as_array()) emitValue(out, item);
      out << YAML::EndSeq;
      break;
    case boost::json::kind::string: {
      std::string text(value.as_string());
      out << YAML::DoubleQuoted << text;
      break;
    }
    case boost::json::kind::int64: out << value.as_int64(); break;
    case boost::json::kind::uint64: out << value.as_uint64(); break;
    case boost::json::kind::double_: out << value.as_double(); break;
    case boost::json::kind::bool_: out << value.as_bool(); break;
    case boost::json::kind::null: out << YAML::Null; break;
  }
}

}  // namespace

QString objectYaml(const boost::json::object& object) {
  YAML::Emitter out;
  out.SetIndent(2);
  out.SetSeqFormat(YAML::Block);
  emitValue(out, boost::json::value(object));
  return QString::fromUtf8(out.c_str());
}

}  // namespace kubelab::visualizer
