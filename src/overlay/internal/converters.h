// File: src/overlay/internal/converters.h
// The per-API converters behind FindConverter (registry.cpp holds the sorted hop table) and
// the small helpers they share for walking and editing Value trees.
#pragma once

#include <string>
#include <string_view>

#include "overlay/conversion.h"

namespace greenlight::overlay::internal {

// Only the apiVersion changes: the replacement serves the same schema.
void ConvertSameSchema(document::Value& object, const Hop& hop, const ConvertOptions& options,
                       ConversionContext& context);
void ConvertWorkload(document::Value& object, const Hop& hop, const ConvertOptions& options,
                     ConversionContext& context);
void ConvertIngress(document::Value& object, const Hop& hop, const ConvertOptions& options,
                    ConversionContext& context);
void ConvertHpaV2beta1(document::Value& object, const Hop& hop, const ConvertOptions& options,
                       ConversionContext& context);
void ConvertPdb(document::Value& object, const Hop& hop, const ConvertOptions& options,
                ConversionContext& context);
void ConvertCrd(document::Value& object, const Hop& hop, const ConvertOptions& options,
                ConversionContext& context);
void ConvertWebhookConfiguration(document::Value& object, const Hop& hop,
                                 const ConvertOptions& options, ConversionContext& context);
void ConvertCsr(document::Value& object, const Hop& hop, const ConvertOptions& options,
                ConversionContext& context);
void ConvertEndpointSlice(document::Value& object, const Hop& hop, const ConvertOptions& options,
                          ConversionContext& context);
void ConvertEvent(document::Value& object, const Hop& hop, const ConvertOptions& options,
                  ConversionContext& context);
void ConvertFlowControl(document::Value& object, const Hop& hop, const ConvertOptions& options,
                        ConversionContext& context);

/// The PodSecurityPolicy notes: what Pod Security Admission level the policy is closest to and
/// the namespace labels that enforce it.
void ExplainPodSecurityPolicy(const document::Value& psp, ConversionContext& context);

/// Sets apiVersion to hop.to in place and records the edit.
void SetApiVersion(document::Value& object, const Hop& hop, ConversionContext& context);

/// "name" of a scalar, "" otherwise.
std::string ScalarText(const document::Value* value);

}  // namespace greenlight::overlay::internal
