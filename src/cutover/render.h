// File: src/cutover/render.h
// The plan as files: change batches for `aws route53 change-resource-record-sets`, rollback
// batches, annotation patches (kustomize patch files and kubectl commands), the runbook in
// Markdown, and the whole plan as one JSON document. Pure functions from the plan to text, in a
// deterministic order; linter/ writes them (atomically, inside --out).
#pragma once

#include <string>
#include <vector>

#include "cutover/plan.h"
#include "cutover/spec.h"

namespace greenlight::cutover {

struct OutputFile {
  std::string path;  ///< relative to the output directory, with '/'
  std::string contents;
};

/// Every file of the plan, runbook.md and plan.json included, sorted by path.
std::vector<OutputFile> RenderPlanFiles(const CutoverSpec& spec, const Plan& plan);

/// The relative paths of a phase's batches ("batches/03-step-2-90-10.json", or
/// "preview/..." in external-dns mode; "-part-2" suffixes when split).
std::vector<std::string> BatchPaths(const Plan& plan, const std::string& stem, size_t count);

/// The relative paths of a phase's own batches (a decommission by DELETE is never a preview).
std::vector<std::string> PhaseBatchPaths(const Plan& plan, const Phase& phase);

/// The `--step` argument of `cutover verify` for a phase ("ttl-lower", "3", "decommission").
std::string StepArgument(const Phase& phase);

/// `kubectl patch` for one annotation patch (merge patch on metadata.annotations).
std::string KubectlPatchCommand(const CutoverSpec& spec, const AnnotationPatch& patch);

/// A kustomize patch file for one annotation patch (apiVersion, kind, metadata).
std::string KustomizePatch(const AnnotationPatch& patch);

std::string RenderRunbook(const CutoverSpec& spec, const Plan& plan);
std::string RenderPlanJson(const CutoverSpec& spec, const Plan& plan);

}  // namespace greenlight::cutover
