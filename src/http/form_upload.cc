#include "http/form_upload.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "core/id.h"

namespace chorus::http {
namespace {

Error storage_failed() {
    return Error{ErrorKind::unavailable, "storage_failed", "The upload could not be written to disk", {}, {}};
}

}  // namespace

TemporaryFile::~TemporaryFile() { ::unlink(path_.c_str()); }

Result<std::unique_ptr<FormSink>> FormSink::open(std::string_view content_type, std::optional<std::uint64_t> content_length,
                                                 const FormUpload& spec) {
    auto reader = TRY(MultipartReader::open(content_type));
    std::error_code error;
    std::filesystem::create_directories(spec.directory, error);
    const auto space = std::filesystem::space(spec.directory, error);
    if (!error && content_length && *content_length + FormUpload::reserve_bytes > space.available)
        return Error{ErrorKind::unavailable, "storage_full", "The server has no room for this upload now; try again later", {}, {}};
    return std::unique_ptr<FormSink>(new FormSink(std::move(reader), spec));
}

FormSink::FormSink(MultipartReader reader, const FormUpload& spec) : reader_(std::move(reader)), spec_(spec) {}

FormSink::~FormSink() {
    if (fd_ >= 0) ::close(fd_);
}

Result<void> FormSink::write(std::string_view bytes) { return reader_.feed(bytes, *this); }

Result<std::shared_ptr<UploadedForm>> FormSink::finish() {
    TRY(reader_.finish());
    if (fd_ >= 0 && ::close(std::exchange(fd_, -1)) != 0) return storage_failed();
    return form_;
}

Result<void> FormSink::part(const PartHead& head) {
    if (head.name != spec_.file_field) {
        form_->fields.emplace_back(head.name, std::string());
        into_ = Into::field;
        return {};
    }
    if (form_->file) return Error::invalid(spec_.file_field, "one_file", "Upload one file per request");
    auto path = (std::filesystem::path(spec_.directory) / ("upload-" + random_secret(12))).string();
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd_ < 0) return storage_failed();
    form_->file = UploadedFile{head.filename.value_or(""), head.content_type, 0, std::make_shared<TemporaryFile>(path)};
    into_ = Into::file;
    return {};
}

Result<void> FormSink::data(std::string_view bytes) {
    if (into_ == Into::field) {
        fields_bytes_ += bytes.size();
        if (fields_bytes_ > FormUpload::max_fields_bytes)
            return Error{ErrorKind::too_large, "too_large",
                         "The form's text fields are longer than " + std::to_string(FormUpload::max_fields_bytes) + " bytes together",
                         form_->fields.back().first, {}};
        form_->fields.back().second.append(bytes);
        return {};
    }
    if (!judged_) {
        const auto wanted = std::min(bytes.size(), FormUpload::head_bytes - head_.size());
        head_.append(bytes.substr(0, wanted));
        if (head_.size() == FormUpload::head_bytes) TRY(check_start());
    }
    return write_file(bytes);
}

Result<void> FormSink::part_end() {
    if (into_ == Into::file && !judged_) TRY(check_start());
    into_ = Into::nothing;
    return {};
}

Result<void> FormSink::check_start() {
    judged_ = true;
    if (spec_.check_file_start) TRY(spec_.check_file_start(head_));
    head_.clear();
    return {};
}

Result<void> FormSink::write_file(std::string_view bytes) {
    while (!bytes.empty()) {
        const auto written = ::write(fd_, bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return storage_failed();
        bytes.remove_prefix(static_cast<std::size_t>(written));
        form_->file->size += static_cast<std::uint64_t>(written);
    }
    return {};
}

}  // namespace chorus::http
