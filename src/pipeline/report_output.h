// File: src/pipeline/report_output.h
// The last stage of the scan pipeline: the report of a PipelineResult in one of scan's formats,
// with the comparison (base revision, baseline) added where the format carries it.
#pragma once

#include <string>
#include <vector>

#include "pipeline/pipeline.h"
#include "report/report.h"

namespace greenlight::pipeline {

/// The --format values of scan.
const std::vector<std::string>& ScanFormats();

/// Writes the report in `format` (one of ScanFormats()) to `sink`: the JSON report in pieces as
/// it is made (never held whole), the others once made. Errors are the sink's.
Status WriteReport(const std::string& format, const PipelineResult& outcome, const report::ReportContext& context,
                   bool color, const std::string& link_base, TextSink& sink);

}  // namespace greenlight::pipeline
