// File: src/parity/compare.h
// The per-kind comparison of one matched pair of normalised objects: which fields matter for
// a kind (images, replicas, resources, env and config references, Service ports, Ingress
// routes, external-dns hostnames, PDBs, CronJob schedules, autoscaling bounds) and how each is
// compared. Every comparer records into a DiffSink; none locates or labels anything.
#pragma once

#include <string_view>

#include "document/value.h"
#include "parity/diff_sink.h"

namespace greenlight::parity {

/// Compares everything that matters for `kind` between the two normalised objects.
void CompareObjectPair(std::string_view kind, const document::Value& blue,
                       const document::Value& green, DiffSink& sink);

// The comparers, one concern each (compare_pods.cpp, compare_network.cpp, compare_policy.cpp).

/// Replicas of Deployments, StatefulSets and ReplicaSets; the pod template of every workload.
void CompareWorkload(std::string_view kind, const document::Value& blue,
                     const document::Value& green, DiffSink& sink);
void CompareService(const document::Value& blue, const document::Value& green, DiffSink& sink);
void CompareIngress(const document::Value& blue, const document::Value& green, DiffSink& sink);
/// external-dns and load-balancer annotations, on every kind.
void CompareAnnotations(const document::Value& blue, const document::Value& green, DiffSink& sink);
void CompareAutoscaler(const document::Value& blue, const document::Value& green, DiffSink& sink);
void CompareDisruptionBudget(const document::Value& blue, const document::Value& green,
                             DiffSink& sink);
void CompareCronSchedule(const document::Value& blue, const document::Value& green, DiffSink& sink);

}  // namespace greenlight::parity
