// Error types thrown by the kiln C++ core. The C ABI maps each ErrorCode to a kiln_status.
#pragma once

#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

namespace kiln {

// Values equal the C API's kiln_status codes (include/kiln.h).
enum class ErrorCode : int {
  Error = -1,      // generic failure
  NotFound = -3,   // unknown type, missing file, unknown build
  Invalid = -4,    // bad argument
  Version = -5,    // options struct version newer than the library
  Cancelled = -6,  // the run was cancelled
  User = -7,       // a plugin callback reported failure
  Template = -8,   // template syntax or semantic error
  Config = -9,     // plugin configuration error(s)
  Comm = -10,      // communicator (ssh, docker) failure
  Remote = -11,    // HTTP / cloud API failure
  Build = -12,     // a build step failed
  Exists = -13,    // the name is taken: a registered type, an output without force
};

// A place in a template file; line and column are 1-based, 0 when unknown.
struct Position {
  std::string file;
  int line = 0;
  int column = 0;
  // Where the text ends (just past it), for HCL2 templates; 0 when only the start is known.
  int end_line = 0;
  int end_column = 0;

  bool known() const { return line > 0; }
  // "file:line:col", or just "file" when the position is unknown; with an end, as HCL prints a
  // range: "file:line,col-col" or "file:line,col-line,col".
  std::string str() const;
};

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, ErrorCode code = ErrorCode::Error)
      : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled", ErrorCode::Cancelled) {}
};

class CommError : public Error {
 public:
  explicit CommError(const std::string& message) : Error(message, ErrorCode::Comm) {}
};

class RemoteError : public Error {
 public:
  explicit RemoteError(const std::string& message) : Error(message, ErrorCode::Remote) {}
};

// One problem found in a template or a plugin's configuration.
struct Problem {
  Position pos;
  std::string path;     // e.g. "builders[0]" or "provisioners[1].inline"
  std::string message;  // e.g. unknown key "instnce_type" (did you mean "instance_type"?)

  // "file:line:col: path: message", omitting the parts that are empty.
  std::string str() const;
};

// Every problem found, reported together as Packer does. what() joins them one per line.
class TemplateError : public Error {
 public:
  explicit TemplateError(std::vector<Problem> problems, ErrorCode code = ErrorCode::Template);
  const std::vector<Problem>& problems() const { return problems_; }

 private:
  std::vector<Problem> problems_;
};

// Collects problems so a whole pass can report them at once.
class Problems {
 public:
  void add(Position pos, std::string path, std::string message);
  // An identical problem already collected is not added again.
  void add(const Problem& p);
  void merge(const Problems& other);
  bool empty() const { return list_.empty(); }
  const std::vector<Problem>& list() const { return list_; }
  // A builder's warning from prepare (Packer's Prepare warnings): shown, never fatal.
  void warn(std::string message) { warnings_.push_back(std::move(message)); }
  const std::vector<std::string>& warnings() const { return warnings_; }
  // Throws TemplateError(code) when any problem was collected.
  void throw_if_any(ErrorCode code = ErrorCode::Template) const;

 private:
  std::vector<Problem> list_;
  std::unordered_set<std::string> seen_;  // str() of each problem in list_: 20,000 stay fast
  std::vector<std::string> warnings_;
};

}  // namespace kiln
