#include "media/shared_links.h"

#include <algorithm>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "core/id.h"
#include "media/files.h"

namespace chorus::media {
namespace {

namespace fs = std::filesystem;

struct Kind {
    std::string_view extension;
    std::string_view mime;
};
constexpr Kind kinds[] = {{"jpeg", "image/jpeg"}, {"png", "image/png"}, {"gif", "image/gif"}, {"webp", "image/webp"},
                          {"mp4", "video/mp4"},   {"mov", "video/quicktime"}, {"webm", "video/webm"}};

std::optional<Kind> kind_of_mime(std::string_view mime) {
    for (const auto& kind : kinds)
        if (kind.mime == mime) return kind;
    return std::nullopt;
}

std::optional<Kind> kind_of_extension(std::string_view extension) {
    for (const auto& kind : kinds)
        if (kind.extension == extension) return kind;
    return std::nullopt;
}

// "<expiry seconds>-<base32>.<ext>": the expiry, or nullopt when the name is not one of ours
// (which also keeps "..", slashes and the like out of the path).
std::optional<std::int64_t> expiry_of(const std::string& name) {
    const auto dash = name.find('-');
    const auto dot = name.rfind('.');
    if (dash == std::string::npos || dot == std::string::npos || dash == 0 || dot < dash + 2 || name.size() > 128) return std::nullopt;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool allowed = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || i == dash || i == dot;
        if (!allowed) return std::nullopt;
    }
    if (!std::all_of(name.begin(), name.begin() + static_cast<std::ptrdiff_t>(dash), [](char c) { return c >= '0' && c <= '9'; }) || dash > 12)
        return std::nullopt;
    return std::stoll(name.substr(0, dash));
}

}  // namespace

std::optional<std::string> SharedLinks::share(const networks::MediaUpload& media) {
    const auto kind = kind_of_mime(media.mime);
    if (!kind) {
        spdlog::warn("shared media: no address for a {} file", media.mime);
        return std::nullopt;
    }
    const auto expires = now_millis() / 1000 + lifetime_.count();
    const std::string name = std::to_string(expires) + "-" + random_secret(20) + "." + std::string(kind->extension);
    std::error_code error;
    fs::create_directories(directory_, error);
    const auto path = (fs::path(directory_) / name).string();
    if (auto written = write_file_atomically(path, media.bytes); !written) {
        spdlog::warn("shared media: cannot store {}: {}", path, written.error().message);
        return std::nullopt;
    }
    return public_url_ + std::string(route_prefix) + name;
}

std::optional<SharedFile> SharedLinks::open(const std::string& name, Millis now) const {
    const auto expiry = expiry_of(name);
    if (!expiry || *expiry * 1000 <= now) return std::nullopt;
    const auto kind = kind_of_extension(name.substr(name.rfind('.') + 1));
    if (!kind) return std::nullopt;
    auto bytes = read_whole_file((fs::path(directory_) / name).string());
    if (!bytes) return std::nullopt;
    return SharedFile{std::move(*bytes), std::string(kind->mime)};
}

int SharedLinks::sweep(Millis now) const {
    std::error_code error;
    int removed = 0;
    for (auto it = fs::directory_iterator(directory_, error); !error && it != fs::directory_iterator(); it.increment(error)) {
        const auto name = it->path().filename().string();
        const auto unfinished = name.find(".part");  // write_file_atomically's temporary
        auto expiry = expiry_of(unfinished == std::string::npos ? name : name.substr(0, unfinished));
        // Unfinished writes older than a lifetime are as dead as expired shares.
        if (!expiry || *expiry * 1000 > now) continue;
        std::error_code ignored;
        if (fs::remove(it->path(), ignored)) ++removed;
    }
    return removed;
}

}  // namespace chorus::media
