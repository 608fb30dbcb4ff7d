// The ways a secret's value shows up in text besides itself, so that masking catches them too.
#pragma once

#include <string>
#include <vector>

namespace kiln {

// `secret` itself, then its percent-encoded and JSON-escaped forms when they differ, and the part of
// its base64 (standard and URL-safe) that does not depend on the bytes around it, at each of the three
// alignments a longer encoded text can put it at (an HTTP Basic header, Docker's X-Registry-Auth).
// Encoded forms shorter than 8 characters are left out: they would mask ordinary text.
std::vector<std::string> secret_forms(const std::string& secret);

}  // namespace kiln
