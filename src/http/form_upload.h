#pragma once
// A form upload read while it arrives: its text fields kept in memory (small, bounded), its
// one file written to a temporary file, and the file's first bytes shown to the route
// before the rest is read, so that a file of the wrong kind is refused after a few bytes
// rather than after hundreds of megabytes. Memory stays the same whatever the size.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/message.h"
#include "http/multipart.h"

namespace chorus::http {

struct FormUpload {
    std::size_t body_limit_bytes = 0;
    std::string directory;             // where the file waits while the request runs
    std::string file_field = "file";   // the form field that carries the file
    // Judges the request from its head (who sends it, with what right) before any of the
    // body is read; runs on a worker thread, so it may read the store.
    std::function<Result<void>(const Request& head)> admit;
    // Judges the file from its first bytes (at most `head_bytes`, fewer for a shorter file).
    std::function<Result<void>(std::string_view first_bytes)> check_file_start;
    static constexpr std::size_t head_bytes = 64;
    static constexpr std::size_t max_fields_bytes = 64 * 1024;  // all text fields together
    // An upload is refused at once when the disk would keep less than this free after it.
    static constexpr std::uint64_t reserve_bytes = 256ull << 20;
};

// A temporary file, removed when its owner goes (unless something moved it away first).
class TemporaryFile {
public:
    explicit TemporaryFile(std::string path) : path_(std::move(path)) {}
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    ~TemporaryFile();
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

struct UploadedFile {
    std::string filename;  // as the client named it: unchecked text
    std::string content_type;
    std::uint64_t size = 0;
    std::shared_ptr<TemporaryFile> file;
};

struct UploadedForm {
    Fields fields;  // the text fields, in order
    std::optional<UploadedFile> file;
};

// Receives the body in pieces (from the server) and builds the UploadedForm.
class FormSink : private MultipartEvents {
public:
    // 415/400 from the Content-Type alone, 503 when the announced size would fill the disk:
    // before any of the body is read.
    static Result<std::unique_ptr<FormSink>> open(std::string_view content_type, std::optional<std::uint64_t> content_length,
                                                  const FormUpload& spec);
    ~FormSink() override;

    Result<void> write(std::string_view bytes);
    // The body ended: the form, or why it is refused.
    Result<std::shared_ptr<UploadedForm>> finish();

private:
    FormSink(MultipartReader reader, const FormUpload& spec);
    Result<void> part(const PartHead& head) override;
    Result<void> data(std::string_view bytes) override;
    Result<void> part_end() override;
    Result<void> write_file(std::string_view bytes);
    Result<void> check_start();

    MultipartReader reader_;
    const FormUpload& spec_;
    std::shared_ptr<UploadedForm> form_ = std::make_shared<UploadedForm>();
    enum class Into { nothing, field, file } into_ = Into::nothing;
    int fd_ = -1;
    std::string head_;  // the file's first bytes, until they are judged
    std::size_t fields_bytes_ = 0;
    bool judged_ = false;
};

}  // namespace chorus::http
