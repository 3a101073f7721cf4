// Workloads: replicas and the pod template. Containers and init containers are paired by name;
// for each, the image, resources (as quantities), env, envFrom, command and args; for the pod,
// the volumes that mount ConfigMaps or Secrets.
#include <algorithm>
#include <cmath>

#include "parity/compare.h"
#include "parity/rules.h"

namespace greenlight::parity {
namespace {

using document::Value;

std::vector<std::string_view> PodSpecKeys(std::string_view kind) {
  if (kind == "Pod") return {"spec"};
  if (kind == "CronJob") return {"spec", "jobTemplate", "spec", "template", "spec"};
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
      kind == "ReplicaSet" || kind == "Job" || kind == "ReplicationController") {
    return {"spec", "template", "spec"};
  }
  return {};
}

const Value* Follow(const Value& root, const std::vector<std::string_view>& keys) {
  const Value* at = &root;
  for (std::string_view key : keys) {
    at = at->IsMapping() ? at->Get(key) : nullptr;
    if (at == nullptr) return nullptr;
  }
  return at;
}

std::optional<std::string> Field(const Value* item, std::string_view key) {
  if (item == nullptr || !item->IsMapping()) return std::nullopt;
  const Value* at = item->Get(key);
  if (at == nullptr || at->IsNull()) return std::nullopt;
  return Render(*at);
}

bool SameQuantity(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  if (!a || !b) return false;
  auto x = ParseQuantity(*a);
  auto y = ParseQuantity(*b);
  if (!x || !y) return false;
  return std::fabs(static_cast<double>(*x - *y)) <=
         1e-9 * std::fmax(std::fabs(static_cast<double>(*x)), std::fabs(static_cast<double>(*y)));
}

void CompareResources(const Value& blue, const Value& green, const FieldPath& path,
                      DiffSink& sink) {
  for (const char* group : {"requests", "limits"}) {
    const Value* b = document::FindValue(blue, {"resources", group});
    const Value* g = document::FindValue(green, {"resources", group});
    std::vector<std::string> names;
    for (const Value* side : {b, g}) {
      if (side == nullptr || !side->IsMapping()) continue;
      for (const auto& entry : side->entries()) {
        if (std::find(names.begin(), names.end(), entry.first) == names.end())
          names.push_back(entry.first);
      }
    }
    for (const std::string& name : names) {
      auto bt = Field(b, name);
      auto gt = Field(g, name);
      if (SameQuantity(bt, gt)) continue;
      sink.Compare(kResourcesChanged, path.Key("resources").Key(group).Key(name), bt, gt);
    }
  }
}

bool RefersToConfig(const Value* entry) {
  const Value* from = entry == nullptr ? nullptr : entry->Get("valueFrom");
  return from != nullptr && from->IsMapping() &&
         (from->Has("configMapKeyRef") || from->Has("secretKeyRef"));
}

std::string EnvText(const Value& entry) {
  if (const Value* from = entry.Get("valueFrom")) return Render(*from);
  return ScalarAt(&entry, "value");
}

void CompareEnv(const Value& blue, const Value& green, const FieldPath& path, DiffSink& sink) {
  for (const ItemPair& pair :
       PairItems(ItemsAt(&blue, "env"), ItemsAt(&green, "env"), NameOf, sink)) {
    std::string_view rule = RefersToConfig(pair.blue) || RefersToConfig(pair.green)
                                ? kConfigReferenceChanged
                                : kEnvChanged;
    sink.Compare(rule, path.Key("env").Select("name", pair.key),
                 pair.blue ? std::optional(EnvText(*pair.blue)) : std::nullopt,
                 pair.green ? std::optional(EnvText(*pair.green)) : std::nullopt);
  }
}

std::string EnvFromText(const Value& item) {
  std::string text = item.Has("secretRef")
                         ? "secret " + ScalarAt(item.Get("secretRef"), "name")
                         : "configMap " + ScalarAt(item.Get("configMapRef"), "name");
  std::string prefix = ScalarAt(&item, "prefix");
  return prefix.empty() ? text : text + " (prefix " + prefix + ")";
}

// envFrom entries have no key of their own: each blue entry needs an equal green one.
void CompareEnvFrom(const Value& blue, const Value& green, const FieldPath& path, DiffSink& sink) {
  std::vector<std::string> b, g;
  for (const Value& item : ItemsAt(&blue, "envFrom")) b.push_back(EnvFromText(item));
  for (const Value& item : ItemsAt(&green, "envFrom")) g.push_back(EnvFromText(item));
  std::vector<bool> used(g.size(), false);
  for (const std::string& text : b) {
    bool found = false;
    for (size_t i = 0; i < g.size() && !found; ++i) {
      if (!used[i] && sink.Same(text, g[i])) used[i] = found = true;
    }
    if (!found) sink.Add(kConfigReferenceChanged, path.Key("envFrom"), text, std::nullopt);
  }
  for (size_t i = 0; i < g.size(); ++i) {
    if (!used[i]) sink.Add(kConfigReferenceChanged, path.Key("envFrom"), std::nullopt, g[i]);
  }
}

void CompareContainer(const ItemPair& pair, const FieldPath& path, DiffSink& sink) {
  sink.Compare(kImageDrift, path.Key("image"), Field(pair.blue, "image"),
               Field(pair.green, "image"));
  if (pair.blue == nullptr || pair.green == nullptr) return;  // the image line says it all
  CompareResources(*pair.blue, *pair.green, path, sink);
  CompareEnv(*pair.blue, *pair.green, path, sink);
  CompareEnvFrom(*pair.blue, *pair.green, path, sink);
  for (const char* field : {"command", "args"}) {
    sink.Compare(kCommandChanged, path.Key(field), Field(pair.blue, field),
                 Field(pair.green, field));
  }
}

std::optional<std::string> VolumeText(const Value* volume) {
  if (volume == nullptr) return std::nullopt;
  if (const Value* map = volume->Get("configMap")) return "configMap " + ScalarAt(map, "name");
  if (const Value* secret = volume->Get("secret"))
    return "secret " + ScalarAt(secret, "secretName");
  if (const Value* projected = volume->Get("projected")) {
    std::string text = "projected [";
    for (const Value& source : ItemsAt(projected, "sources")) {
      if (text.back() != '[') text += ", ";
      text += source.Has("secret")      ? "secret " + ScalarAt(source.Get("secret"), "name")
              : source.Has("configMap") ? "configMap " + ScalarAt(source.Get("configMap"), "name")
                                        : Render(source);
    }
    return text + "]";
  }
  return Render(*volume);
}

bool MountsConfig(const Value* volume) {
  return volume != nullptr &&
         (volume->Has("configMap") || volume->Has("secret") || volume->Has("projected"));
}

void ComparePodSpec(const Value& blue, const Value& green, const FieldPath& path, DiffSink& sink) {
  for (const char* list : {"initContainers", "containers"}) {
    for (const ItemPair& pair :
         PairItems(ItemsAt(&blue, list), ItemsAt(&green, list), NameOf, sink)) {
      CompareContainer(pair, path.Key(list).Select("name", pair.key), sink);
    }
  }
  for (const ItemPair& pair :
       PairItems(ItemsAt(&blue, "volumes"), ItemsAt(&green, "volumes"), NameOf, sink)) {
    if (!MountsConfig(pair.blue) && !MountsConfig(pair.green)) continue;
    sink.Compare(kConfigReferenceChanged, path.Key("volumes").Select("name", pair.key),
                 VolumeText(pair.blue), VolumeText(pair.green));
  }
}

}  // namespace

void CompareWorkload(std::string_view kind, const Value& blue, const Value& green, DiffSink& sink) {
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "ReplicaSet") {
    auto replicas = [](const Value& object) {
      return TextAt(&object, {"spec", "replicas"}).value_or("1");  // the API's default
    };
    sink.Compare(kReplicasChanged, FieldPath().Key("spec").Key("replicas"), replicas(blue),
                 replicas(green));
  }
  std::vector<std::string_view> keys = PodSpecKeys(kind);
  if (keys.empty()) return;
  const Value* b = Follow(blue, keys);
  const Value* g = Follow(green, keys);
  if (b == nullptr || g == nullptr) return;
  FieldPath path;
  for (std::string_view key : keys) path = path.Key(key);
  ComparePodSpec(*b, *g, path, sink);
}

}  // namespace greenlight::parity
