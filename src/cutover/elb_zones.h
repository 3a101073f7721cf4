// File: src/cutover/elb_zones.h
// Canonical hosted-zone ids of Elastic Load Balancing, per region and load-balancer family: an
// alias record's AliasTarget.HostedZoneId must be the target's canonical zone, not the zone the
// record lives in. Facts: AWS General Reference, "Elastic Load Balancing endpoints and quotas"
// (https://docs.aws.amazon.com/general/latest/gr/elb.html), as collected in
// ../shared/cutover-facts.md section 3. In production prefer `aws elbv2 describe-load-balancers`
// -> CanonicalHostedZoneId, which the spec can give explicitly.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace greenlight::cutover {

struct ElbTarget {
  std::string region;                  ///< "us-east-1"
  bool nlb = false;                    ///< NLB names look like NAME.elb.REGION.amazonaws.com
  std::optional<std::string> zone_id;  ///< nullopt when the region is not in the table
};

/// Recognises an ELB DNS name (ALB/CLB "NAME.REGION.elb.amazonaws.com", NLB
/// "NAME.elb.REGION.amazonaws.com", optional "dualstack." and trailing dot); nullopt otherwise.
std::optional<ElbTarget> ParseElbDnsName(std::string_view dns_name);

}  // namespace greenlight::cutover
