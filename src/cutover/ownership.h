// File: src/cutover/ownership.h
// external-dns's TXT ownership records (the TXT registry): their names for a given version and
// --txt-prefix/--txt-suffix, their value, and the weighted TXT members that go with each record
// a cluster publishes. Needed so previews show everything external-dns sends and so the
// decommission phase can delete blue's ownership records with exact DELETEs.
#pragma once

#include <string>
#include <vector>

#include "cutover/record.h"
#include "cutover/spec.h"

namespace greenlight::cutover {

/// The TXT record names external-dns writes for `hostname` of `record_type` ("A", "AAAA",
/// "CNAME"): v0.18+ one name `<prefix><type>-<first label><suffix>.<rest>` (A aliases as
/// `cname-` before v0.22, `a-` from v0.22), v0.12..v0.17 also the legacy same-name TXT (except
/// for AAAA), older versions the legacy name only. `%{record_type}` in an affix replaces the
/// `<type>-` part.
std::vector<std::string> TxtOwnershipNames(const ClusterDns& dns, const std::string& hostname,
                                           const std::string& record_type, bool alias);

/// `"heritage=external-dns,external-dns/owner=<id>,external-dns/resource=<kind>/<ns>/<name>"`.
std::string TxtOwnershipValue(const ClusterDns& dns, const ResourceRef& resource);

/// The weighted TXT members one cluster's external-dns writes beside its records of `record`
/// (same set identifier and weight, TTL 300 as external-dns leaves it unset).
std::vector<RecordSet> OwnershipRecords(const CutoverSpec& spec, const RecordSpec& record,
                                        const std::string& cluster, int weight);

/// True when `live` is one of `cluster`'s ownership TXT records for a planned record: a name
/// external-dns would use, the cluster's set identifier, and its owner id in the value.
bool IsOwnershipRecordOf(const CutoverSpec& spec, const std::string& cluster,
                         const RecordSet& live);

}  // namespace greenlight::cutover
