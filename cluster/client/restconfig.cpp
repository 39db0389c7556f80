#include "client/restconfig.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "common/base64.h"

namespace kubelab::client {

namespace {

// kubeconfig lists are [{name: x, cluster|user|context: {...}}]; finds the entry's body.
std::optional<YAML::Node> namedEntry(const YAML::Node& list, const std::string& name, const char* field) {
  if (!list || !list.IsSequence()) return std::nullopt;
  for (const auto& entry : list) {
    if (entry["name"] && entry["name"].as<std::string>() == name) {
      const YAML::Node body = entry[field];
      return body ? body : YAML::Node(YAML::NodeType::Map);
    }
  }
  return std::nullopt;
}

std::string scalar(const YAML::Node& node, const char* field) {
  const YAML::Node value = node[field];
  return value && value.IsScalar() ? value.as<std::string>() : std::string();
}

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& path) {
  if (path.empty()) return {};
  std::filesystem::path file(path);
  return file.is_absolute() ? file : base / file;
}

Result<std::string> decodeData(const std::string& base64Text, const char* field) {
  auto decoded = base64Decode(base64Text);
  if (!decoded) return invalid(std::string("kubeconfig field ") + field + " is not valid base64");
  return *decoded;
}

// "https://host:port" or "http://host" (IPv6 in brackets) into host, port and TLS on/off.
Status parseServer(const std::string& server, RestConfig& config, bool& tls) {
  std::string rest;
  if (server.starts_with("https://")) {
    tls = true;
    rest = server.substr(8);
    config.port = 443;
  } else if (server.starts_with("http://")) {
    tls = false;
    rest = server.substr(7);
    config.port = 80;
  } else {
    return invalid("kubeconfig server \"" + server + "\" must start with https:// or http://");
  }
  if (auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  std::string portText;
  if (rest.starts_with("[")) {
    auto close = rest.find(']');
    if (close == std::string::npos) return invalid("kubeconfig server \"" + server + "\" has an unclosed [");
    config.host = rest.substr(1, close - 1);
    if (close + 1 < rest.size() && rest[close + 1] == ':') portText = rest.substr(close + 2);
  } else if (auto colon = rest.rfind(':'); colon != std::string::npos) {
    config.host = rest.substr(0, colon);
    portText = rest.substr(colon + 1);
  } else {
    config.host = rest;
  }
  if (!portText.empty()) {
    try {
      int port = std::stoi(portText);
      if (port <= 0 || port > 65535) throw std::out_of_range("port");
      config.port = static_cast<std::uint16_t>(port);
    } catch (const std::exception&) {
      return invalid("kubeconfig server \"" + server + "\" has an invalid port");
    }
  }
  if (config.host.empty()) return invalid("kubeconfig server \"" + server + "\" names no host");
  return Status::ok();
}

Status readCluster(const YAML::Node& cluster, const std::filesystem::path& base, RestConfig& config) {
  bool tls = false;
  KUBELAB_RETURN_IF_ERROR(parseServer(scalar(cluster, "server"), config, tls));
  if (!tls) return Status::ok();
  http::ClientTlsOptions options;
  options.caFile = resolve(base, scalar(cluster, "certificate-authority")).string();
  if (auto data = scalar(cluster, "certificate-authority-data"); !data.empty()) {
    auto pem = decodeData(data, "certificate-authority-data");
    if (!pem) return pem.status();
    options.caPem = *pem;
  }
  options.serverName = scalar(cluster, "tls-server-name");
  options.insecureSkipVerify = scalar(cluster, "insecure-skip-tls-verify") == "true";
  config.tls = options;
  return Status::ok();
}

Status readUser(const YAML::Node& user, const std::filesystem::path& base, RestConfig& config) {
  if (!user) return Status::ok();
  if (config.tls) {
    config.tls->certificateFile = resolve(base, scalar(user, "client-certificate")).string();
    config.tls->privateKeyFile = resolve(base, scalar(user, "client-key")).string();
    if (auto data = scalar(user, "client-certificate-data"); !data.empty()) {
      auto pem = decodeData(data, "client-certificate-data");
      if (!pem) return pem.status();
      config.tls->certificatePem = *pem;
    }
    if (auto data = scalar(user, "client-key-data"); !data.empty()) {
      auto pem = decodeData(data, "client-key-data");
      if (!pem) return pem.status();
      config.tls->privateKeyPem = *pem;
    }
  }
  config.bearerToken = scalar(user, "token");
  config.bearerTokenFile = resolve(base, scalar(user, "tokenFile"));
  if (const YAML::Node exec = user["exec"]; exec && exec.IsMap()) {
    ExecCredentialPlugin plugin;
    plugin.command = scalar(exec, "command");
    if (plugin.command.empty()) return invalid("kubeconfig user exec plugin names no command");
    // kubectl resolves a relative command with a slash against the kubeconfig's directory.
    if (plugin.command.find('/') != std::string::npos) plugin.command = resolve(base, plugin.command).string();
    plugin.apiVersion = scalar(exec, "apiVersion");
    if (const YAML::Node args = exec["args"]; args && args.IsSequence()) {
      for (const auto& arg : args) plugin.arguments.push_back(arg.as<std::string>());
    }
    if (const YAML::Node env = exec["env"]; env && env.IsSequence()) {
      for (const auto& entry : env) plugin.environment.emplace_back(scalar(entry, "name"), scalar(entry, "value"));
    }
    plugin.workingDirectory = base;
    config.exec = std::move(plugin);
  }
  if (user["auth-provider"]) {
    return invalid("kubeconfig user uses auth-provider, which kubectl itself removed; use an exec plugin "
                   "(for GKE: gke-gcloud-auth-plugin)");
  }
  return Status::ok();
}

}  // namespace

std::string RestConfig::server() const {
  bool ipv6 = host.find(':') != std::string::npos;
  return std::string(tls ? "https://" : "http://") + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<RestConfig> parseKubeconfig(const std::string& yamlText, const std::filesystem::path& baseDirectory,
                                   const std::string& context) {
  try {
    YAML::Node root = YAML::Load(yamlText);
    if (!root || !root.IsMap()) return invalid("the kubeconfig is not a YAML mapping");
    std::string contextName = context.empty() ? scalar(root, "current-context") : context;
    if (contextName.empty()) return invalid("the kubeconfig has no current-context; name a context");
    auto contextBody = namedEntry(root["contexts"], contextName, "context");
    if (!contextBody) return Status(StatusCode::NotFound, "context \"" + contextName + "\" is not in the kubeconfig");
    std::string clusterName = scalar(*contextBody, "cluster");
    auto cluster = namedEntry(root["clusters"], clusterName, "cluster");
    if (!cluster) return Status(StatusCode::NotFound, "cluster \"" + clusterName + "\" is not in the kubeconfig");
    RestConfig config;
    KUBELAB_RETURN_IF_ERROR(readCluster(*cluster, baseDirectory, config));
    std::string userName = scalar(*contextBody, "user");
    if (!userName.empty()) {
      auto user = namedEntry(root["users"], userName, "user");
      if (!user) return Status(StatusCode::NotFound, "user \"" + userName + "\" is not in the kubeconfig");
      KUBELAB_RETURN_IF_ERROR(readUser(*user, baseDirectory, config));
    }
    if (auto ns = scalar(*contextBody, "namespace"); !ns.empty()) config.defaultNamespace = ns;
    return config;
  } catch (const YAML::Exception& error) {
    return invalid(std::string("the kubeconfig is not valid YAML: ") + error.what());
  }
}

Result<RestConfig> loadKubeconfig(const std::filesystem::path& file, const std::string& context) {
  std::ifstream in(file);
  if (!in) return Status(StatusCode::NotFound, "cannot read kubeconfig " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return parseKubeconfig(text.str(), std::filesystem::absolute(file).parent_path(), context);
}

Result<std::vector<KubeconfigContextInfo>> kubeconfigContexts(const std::filesystem::path& file,
                                                              std::string* currentContext) {
  std::ifstream in(file);
  if (!in) return Status(StatusCode::NotFound, "cannot read kubeconfig " + file.string());
  try {
    YAML::Node root = YAML::Load(in);
    if (currentContext) *currentContext = scalar(root, "current-context");
    std::vector<KubeconfigContextInfo> contexts;
    if (const YAML::Node list = root["contexts"]; list && list.IsSequence()) {
      for (const auto& entry : list) {
        KubeconfigContextInfo info;
        info.name = scalar(entry, "name");
        const YAML::Node body = entry["context"];
        if (body) {
          info.cluster = scalar(body, "cluster");
          info.user = scalar(body, "user");
          info.ns = scalar(body, "namespace");
          if (auto cluster = namedEntry(root["clusters"], info.cluster, "cluster")) {
            info.server = scalar(*cluster, "server");
          }
        }
        contexts.push_back(std::move(info));
      }
    }
    return contexts;
  } catch (const YAML::Exception& error) {
    return invalid(std::string("the kubeconfig is not valid YAML: ") + error.what());
  }
}

}  // namespace kubelab::client
