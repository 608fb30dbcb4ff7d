// deprecate_at: Go's time.Parse(time.RFC3339, …) accepted form, sent to EC2 as the SDK sends timestamps.
#pragma once

#include <optional>
#include <string>

namespace kiln::amazon {

// "2030-01-02T15:04:05+02:00" → "2030-01-02T13:04:05Z" (UTC, fraction kept without trailing zeros,
// as the AWS SDK's ISO 8601 form); nullopt when `text` is not RFC 3339.
std::optional<std::string> rfc3339_to_utc(const std::string& text);

}  // namespace kiln::amazon
