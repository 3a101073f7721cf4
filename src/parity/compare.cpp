#include "parity/compare.h"

namespace greenlight::parity {

void CompareObjectPair(std::string_view kind, const document::Value& blue,
                       const document::Value& green, DiffSink& sink) {
  CompareWorkload(kind, blue, green, sink);
  if (kind == "Service") CompareService(blue, green, sink);
  if (kind == "Ingress") CompareIngress(blue, green, sink);
  if (kind == "HorizontalPodAutoscaler") CompareAutoscaler(blue, green, sink);
  if (kind == "PodDisruptionBudget") CompareDisruptionBudget(blue, green, sink);
  if (kind == "CronJob") CompareCronSchedule(blue, green, sink);
  CompareAnnotations(blue, green, sink);
}

}  // namespace greenlight::parity
