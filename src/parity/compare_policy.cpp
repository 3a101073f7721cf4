// Autoscaling bounds, disruption budgets and CronJob schedules: scalar fields compared as text,
// with the API's default standing in for an absent field so that "unset" and the default agree.
#include "parity/compare.h"
#include "parity/rules.h"

namespace greenlight::parity {
namespace {

using document::Value;

std::optional<std::string> WithDefault(std::optional<std::string> text, const char* fallback) {
  return text ? text : std::optional<std::string>(fallback);
}

}  // namespace

void CompareAutoscaler(const Value& blue, const Value& green, DiffSink& sink) {
  FieldPath spec = FieldPath().Key("spec");
  sink.Compare(kAutoscalingChanged, spec.Key("minReplicas"),
               WithDefault(TextAt(&blue, {"spec", "minReplicas"}), "1"),
               WithDefault(TextAt(&green, {"spec", "minReplicas"}), "1"));
  sink.Compare(kAutoscalingChanged, spec.Key("maxReplicas"), TextAt(&blue, {"spec", "maxReplicas"}),
               TextAt(&green, {"spec", "maxReplicas"}));
}

void CompareDisruptionBudget(const Value& blue, const Value& green, DiffSink& sink) {
  FieldPath spec = FieldPath().Key("spec");
  for (const char* field : {"minAvailable", "maxUnavailable", "selector"}) {
    sink.Compare(kDisruptionBudgetChanged, spec.Key(field), TextAt(&blue, {"spec", field}),
                 TextAt(&green, {"spec", field}));
  }
}

void CompareCronSchedule(const Value& blue, const Value& green, DiffSink& sink) {
  FieldPath spec = FieldPath().Key("spec");
  sink.Compare(kScheduleChanged, spec.Key("schedule"), TextAt(&blue, {"spec", "schedule"}),
               TextAt(&green, {"spec", "schedule"}));
  sink.Compare(kScheduleChanged, spec.Key("suspend"),
               WithDefault(TextAt(&blue, {"spec", "suspend"}), "false"),
               WithDefault(TextAt(&green, {"spec", "suspend"}), "false"));
}

}  // namespace greenlight::parity
