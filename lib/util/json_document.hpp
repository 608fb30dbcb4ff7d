// RapidJSON documents from text kiln does not control (engine responses, an existing manifest).
#pragma once

#include <string>

#include <rapidjson/document.h>

namespace kiln {

// Parses `text` into `doc` without recursion, refusing nesting deeper than kMaxJsonNesting so
// that later recursive walks (Accept, copies) stay shallow. False when the text is not such JSON.
bool parse_document(rapidjson::Document& doc, const std::string& text);

}  // namespace kiln
