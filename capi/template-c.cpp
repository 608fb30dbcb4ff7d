// kiln_template_*: loading templates and reading what they declare.
#include <cstdlib>
#include <cstring>

#include "capi/internal.hpp"
#include "template/fix/fix.hpp"
#include "template/hcl2/hcl2.hpp"

namespace {

// HCL2 templates list their variables and builds only once evaluated: evaluate them with the
// defaults now, so that the accessors below answer as for JSON.
kiln::Template with_preview(kiln::Template t) {
  if (t.hcl2) kiln::hcl2::preview(t);
  return t;
}

}  // namespace

extern "C" {

KILN_API int kiln_template_load(kiln_template** out, const char* path) noexcept {
  KILN_CHECK_ARG(out);
  *out = nullptr;
  KILN_CHECK_ARG(path);
  KILN_CAPI_GUARD(*out = new kiln_template{with_preview(kiln::Template::load(path))});
}

KILN_API int kiln_template_parse(kiln_template** out, const char* text, const char* origin) noexcept {
  KILN_CHECK_ARG(out);
  *out = nullptr;
  KILN_CHECK_ARG(text);
  KILN_CAPI_GUARD(*out = new kiln_template{with_preview(kiln::Template::parse(text, origin ? origin : "<string>"))});
}

KILN_API void kiln_template_free(kiln_template* t) noexcept { delete t; }

KILN_API size_t kiln_template_variable_count(const kiln_template* t) noexcept {
  return t ? t->tmpl.variables.size() : 0;
}

KILN_API const char* kiln_template_variable_name(const kiln_template* t, size_t i) noexcept {
  return t && i < t->tmpl.variables.size() ? t->tmpl.variables[i].name.c_str() : nullptr;
}

KILN_API const char* kiln_template_variable_default(const kiln_template* t, size_t i) noexcept {
  if (!t || i >= t->tmpl.variables.size()) return nullptr;
  const kiln::Variable& v = t->tmpl.variables[i];
  if (!v.default_value) return nullptr;
  return v.sensitive ? "<sensitive>" : v.default_value->c_str();
}

KILN_API size_t kiln_template_build_count(const kiln_template* t) noexcept { return t ? t->tmpl.builders.size() : 0; }

KILN_API const char* kiln_template_build_name(const kiln_template* t, size_t i) noexcept {
  return t && i < t->tmpl.builders.size() ? t->tmpl.builders[i].name.c_str() : nullptr;
}

KILN_API const char* kiln_template_build_type(const kiln_template* t, size_t i) noexcept {
  return t && i < t->tmpl.builders.size() ? t->tmpl.builders[i].type.c_str() : nullptr;
}

KILN_API int kiln_template_fix(char** out, const char* json, int validate) noexcept {
  KILN_CHECK_ARG(out);
  *out = nullptr;
  KILN_CHECK_ARG(json);
  KILN_CAPI_GUARD({
    kiln::fix::FixOutcome outcome = kiln::fix::fix_template(json, validate != 0);
    if (outcome.failure) throw kiln::Error(kiln::fix::failure_message(*outcome.failure), kiln::ErrorCode::Template);
    char* copy = static_cast<char*>(std::malloc(outcome.text.size() + 1));
    if (!copy) throw std::bad_alloc();
    std::memcpy(copy, outcome.text.c_str(), outcome.text.size() + 1);
    *out = copy;
  });
}

}  // extern "C"
