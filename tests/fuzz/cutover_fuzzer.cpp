// The cutover inputs: the shift spec (YAML) and a Route 53 zone listing
// (list-resource-record-sets JSON), plus ELB DNS names as the spec's targets hold them. Errors
// must name the file.
#include <cstdint>

#include "cutover/elb_zones.h"
#include "cutover/record.h"
#include "cutover/spec.h"
#include "fuzz_support.h"

using namespace greenlight;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes = fuzz::Bytes(data, size);
  fuzz::RequireNamesFile(cutover::ParseSpec(bytes, "cutover.yaml").status(), "cutover.yaml");
  StatusOr<std::vector<cutover::RecordSet>> listing = cutover::ParseListing(bytes, "zone.json");
  fuzz::RequireNamesFile(listing.status(), "zone.json");
  if (listing.ok()) {
    for (const cutover::RecordSet& record : *listing) (void)cutover::DescribeRecord(record);
  }
  (void)cutover::ParseElbDnsName(std::string_view(bytes).substr(0, bytes.find('\n')));
  return 0;
}
