#include "runtime/imagecatalog.h"

#include <fnmatch.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace kubelab::runtime {

namespace {

// Docker's rule: the first path component is a registry only when it looks like a host.
bool looksLikeRegistry(const std::string& component) {
  return component.find('.') != std::string::npos || component.find(':') != std::string::npos ||
         component == "localhost";
}

std::vector<std::string> stringList(const YAML::Node& node) {
  std::vector<std::string> result;
  if (!node) return result;
  for (const auto& item : node) result.push_back(item.as<std::string>());
  return result;
}

}  // namespace

std::string ImageReference::normalized() const {
  if (!digest.empty()) return repository + "@" + digest;
  return repository + ":" + tag;
}

ImageReference parseImageReference(const std::string& reference) {
  ImageReference parsed;
  std::string remainder = reference;
  if (auto at = remainder.find('@'); at != std::string::npos) {
    parsed.digest = remainder.substr(at + 1);
    remainder = remainder.substr(0, at);
  }
  auto lastSlash = remainder.rfind('/');
  auto colon = remainder.rfind(':');
  if (colon != std::string::npos && (lastSlash == std::string::npos || colon > lastSlash)) {
    parsed.tag = remainder.substr(colon + 1);
    remainder = remainder.substr(0, colon);
  }
  if (parsed.tag.empty() && parsed.digest.empty()) parsed.tag = "latest";
  auto firstSlash = remainder.find('/');
  if (firstSlash == std::string::npos) {
    parsed.repository = "docker.io/library/" + remainder;
  } else if (!looksLikeRegistry(remainder.substr(0, firstSlash))) {
    parsed.repository = "docker.io/" + remainder;
  } else {
    parsed.repository = remainder;
  }
  return parsed;
}

Result<ImageCatalog> ImageCatalog::loadFile(const std::filesystem::path& file,
                                            const std::filesystem::path& programDirectory) {
  std::ifstream input(file);
  if (!input) return notFound("cannot read the image catalog " + file.string());
  std::stringstream text;
  text << input.rdbuf();
  auto catalog = parse(text.str(), programDirectory);
  if (!catalog) return invalid(file.string() + ": " + catalog.status().message());
  return catalog;
}

Result<ImageCatalog> ImageCatalog::parse(const std::string& yaml, const std::filesystem::path& programDirectory) {
  ImageCatalog catalog;
  try {
    YAML::Node root = YAML::Load(yaml);
    if (!root["images"] || !root["images"].IsSequence()) return invalid("the catalog needs an `images` list");
    for (const auto& entry : root["images"]) {
      CatalogImage image;
      std::string name = entry["name"] ? entry["name"].as<std::string>() : "";
      if (name.empty()) return invalid("an image entry has no name");
      image.repository = parseImageReference(name).repository;
      if (entry["tags"]) image.tagPattern = entry["tags"].as<std::string>();
      std::string executable = entry["executable"] ? entry["executable"].as<std::string>() : "";
      if (executable.empty()) return invalid("image " + name + " has no executable");
      image.executable = executable;
      if (image.executable.is_relative()) image.executable = programDirectory / image.executable;
      image.entrypoint = stringList(entry["entrypoint"]);
      image.cmd = stringList(entry["cmd"]);
      image.fixedEntrypoint = entry["fixedEntrypoint"] && entry["fixedEntrypoint"].as<bool>();
      catalog.images_.push_back(std::move(image));
    }
  } catch (const YAML::Exception& error) {
    return invalid(std::string("not a valid image catalog: ") + error.what());
  }
  return catalog;
}

const CatalogImage* ImageCatalog::find(const std::string& imageReference) const {
  ImageReference reference = parseImageReference(imageReference);
  for (const auto& image : images_) {
    if (image.repository != reference.repository) continue;
    // A digest names one exact image; the catalog has no digests, so any entry serves it.
    if (!reference.digest.empty() || ::fnmatch(image.tagPattern.c_str(), reference.tag.c_str(), 0) == 0) return &image;
  }
  return nullptr;
}

std::string ImageCatalog::pullErrorMessage(const std::string& imageReference) {
  std::string normalized = parseImageReference(imageReference).normalized();
  return "rpc error: code = NotFound desc = failed to pull and unpack image \"" + normalized + "\": failed to resolve reference \"" + normalized +
         "\": " + normalized + ": not found";
}

ResolvedCommand resolveCommand(const CatalogImage& image, const std::vector<std::string>& command,
                               const std::vector<std::string>& args) {
  bool commandReplaces = !command.empty() && !image.fixedEntrypoint;
  std::vector<std::string> argv = commandReplaces ? command : image.entrypoint;
  const std::vector<std::string>& tail = !args.empty() ? args : (commandReplaces ? args : image.cmd);
  argv.insert(argv.end(), tail.begin(), tail.end());
  if (argv.empty()) argv.push_back(image.executable.filename().string());
  return {image.executable, std::move(argv)};
}

}  // namespace kubelab::runtime
