// xz output through libarchive's xz filter (its "raw" format writes one entry's bytes as they are, so
// the filter sees exactly the stream we give it).

#include <exception>
#include <memory>

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "util/libarchive_api.hpp"
#include "util/stream_compress.hpp"

namespace kiln {
namespace {

class XzWriter : public StreamCompressor {
 public:
  explicit XzWriter(ByteSinkFn sink) : sink_(std::move(sink)), archive_(libarchive().write_new()) {
    check(libarchive().write_set_format_raw(archive_));
    check(libarchive().write_add_filter_xz(archive_));
    check(libarchive().write_set_filter_option(archive_, "xz", "threads", "0"));  // 0 = every core
    check(libarchive().write_set_bytes_in_last_block(archive_, 1));
    check(libarchive().write_open2(archive_, this, nullptr, &XzWriter::deliver, nullptr, nullptr));
    archive_entry* entry = libarchive().entry_new();
    libarchive().entry_set_pathname(entry, "data");
    libarchive().entry_set_filetype(entry, AE_IFREG);
    int rc = libarchive().write_header(archive_, entry);
    libarchive().entry_free(entry);
    check(rc);
  }
  ~XzWriter() override { libarchive().write_free(archive_); }

  void write(const char* data, size_t size) override {
    if (libarchive().write_data(archive_, data, size) < 0) check(ARCHIVE_FATAL);
  }
  void finish() override { check(libarchive().write_close(archive_)); }

 private:
  // libarchive calls this with compressed bytes; a failing sink's exception waits for check().
  static la_ssize_t deliver(archive*, void* self, const void* buffer, size_t length) {
    auto* writer = static_cast<XzWriter*>(self);
    try {
      writer->sink_(static_cast<const char*>(buffer), length);
      return static_cast<la_ssize_t>(length);
    } catch (...) {
      writer->sink_error_ = std::current_exception();
      return -1;
    }
  }

  void check(int rc) {
    if (sink_error_) std::rethrow_exception(sink_error_);
    if (rc < ARCHIVE_WARN) throw Error(fmt::format("compress: {}", libarchive().error_string(archive_)), ErrorCode::Build);
  }

  ByteSinkFn sink_;
  archive* archive_;
  std::exception_ptr sink_error_;
};

}  // namespace

std::unique_ptr<StreamCompressor> make_xz(ByteSinkFn sink) { return std::make_unique<XzWriter>(std::move(sink)); }

}  // namespace kiln
